package org.takedown.matching.text;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.match.MatchingConfig;

/**
 * The {@code CAPTION_TEXT} signal: each of a request's free-text queries (fetched from intake, held
 * only in this method) searched in the release's captions by BM25, every term required. A query
 * that hits more than {@code caption-max-hits} items keeps the best ones and reports how many it
 * left out, like a domain match. Explanations name the query's position, never its text.
 */
@ApplicationScoped
public class CaptionTextMatcher {

    /** One caption hit of one query. */
    public record TextHit(org.takedown.matching.index.IndexedItem item, int position, double score, String detail) {
    }

    /**
     * Every query's hits, how many hits beyond the cap were left out, and the queries' texts in order
     * (index = position), for the other caption signal; held in memory for this match only.
     */
    public record TextHits(List<TextHit> hits, long overflow, List<String> texts) {
    }

    private final TextQuerySource source;
    private final MatchingConfig config;

    public CaptionTextMatcher(TextQuerySource source, MatchingConfig config) {
        this.source = source;
        this.config = config;
    }

    public TextHits match(UUID requestId, DatasetIndex release) {
        List<TextHit> hits = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long overflow = 0;
        for (IntakeTextQueryClient.TextQuery query : source.list(requestId)) {
            texts.add(query.text() == null ? "" : query.text());
            if (query.text() == null || query.text().isBlank()) {
                continue;
            }
            overflow += search(query.position(), query.text(), release, hits);
        }
        return new TextHits(hits, overflow, texts);
    }

    /** Searches one query; returns the number of hits left out by the cap. */
    public long search(int position, String text, DatasetIndex release, List<TextHit> hits) {
        int cap = config.captionMaxHits();
        double minScore = config.captionMinScore();
        DatasetIndex.ScoredPage page = release.byCaptionText(text, 0, cap, minScore);
        for (DatasetIndex.ScoredHit hit : page.hits()) {
            hits.add(new TextHit(hit.item(), position, hit.score(), String.format(Locale.ROOT,
                    "text query %d: BM25 %.2f (every term in the caption; threshold %.2f)%s", position, hit.score(),
                    minScore, page.total() > page.hits().size()
                            ? String.format(Locale.ROOT, "; one of the best %d of %d caption hits", page.hits().size(), page.total())
                            : "")));
        }
        return page.total() - page.hits().size();
    }
}
