package org.takedown.matching.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.PriorityQueue;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * Collects the best {@code keep} caption hits with a score of at least {@code minScore} and counts
 * every such hit exactly (Lucene's top-docs collectors count all matches, not those above a
 * score). Each hit is packed in one long: the score's float bits (non-negative, so they order like
 * the score) above the inverted document number, so larger means better and ties go to the
 * earlier document.
 */
final class CaptionCollector extends SimpleCollector {

    private final int keep;
    private final float minScore;
    private final PriorityQueue<Long> best;
    private Scorable scorer;
    private int docBase;
    long total;

    CaptionCollector(int keep, float minScore) {
        this.keep = keep;
        this.minScore = minScore;
        this.best = new PriorityQueue<>(Math.min(keep, 1024) + 1);
    }

    @Override
    protected void doSetNextReader(LeafReaderContext context) {
        docBase = context.docBase;
    }

    @Override
    public void setScorer(Scorable scorer) {
        this.scorer = scorer;
    }

    @Override
    public void collect(int doc) throws IOException {
        float score = scorer.score();
        if (score < minScore) {
            return;
        }
        total++;
        if (keep == 0) {
            return;
        }
        long packed = pack(score, docBase + doc);
        if (best.size() < keep) {
            best.add(packed);
        } else if (packed > best.peek()) {
            best.poll();
            best.add(packed);
        }
    }

    @Override
    public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE;
    }

    /** The kept hits, best first. */
    long[] ranked() {
        long[] all = best.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(all);
        for (int i = 0, j = all.length - 1; i < j; i++, j--) {
            long t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return all;
    }

    static long pack(float score, int doc) {
        return (long) Float.floatToIntBits(Math.max(score, 0f)) << 32 | (Integer.MAX_VALUE - doc);
    }

    static int doc(long packed) {
        return Integer.MAX_VALUE - (int) (packed & 0xFFFFFFFFL);
    }

    static float score(long packed) {
        return Float.intBitsToFloat((int) (packed >>> 32));
    }
}
