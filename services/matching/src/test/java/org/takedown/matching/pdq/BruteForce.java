package org.takedown.matching.pdq;

import java.util.ArrayList;
import java.util.List;
import org.takedown.pdq.PdqHash;

/** The baseline the index must agree with: a linear scan of every hash. */
public final class BruteForce {

    private BruteForce() {
    }

    public static List<PdqIndex.Hit> search(long[] words, int size, PdqHash query, int maxDistance) {
        long q0 = query.word(0);
        long q1 = query.word(1);
        long q2 = query.word(2);
        long q3 = query.word(3);
        List<PdqIndex.Hit> hits = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int o = 4 * i;
            int d = Long.bitCount(words[o] ^ q0) + Long.bitCount(words[o + 1] ^ q1)
                    + Long.bitCount(words[o + 2] ^ q2) + Long.bitCount(words[o + 3] ^ q3);
            if (d <= maxDistance) {
                hits.add(new PdqIndex.Hit(i, d));
            }
        }
        hits.sort((a, b) -> a.distance() != b.distance()
                ? Integer.compare(a.distance(), b.distance()) : Integer.compare(a.ordinal(), b.ordinal()));
        return hits;
    }
}
