package org.takedown.matching.embed;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.match.Signal;

/**
 * The CAPTION_SEMANTIC signal: each free-text query (e.g. a name and a description, fetched from
 * intake, never logged) is embedded with all-MiniLM-L6-v2 and compared with the release's caption
 * vectors; captions at cosine similarity at least {@code min-similarity} are hits. Releases ingested
 * without caption embeddings (the default) give nothing.
 */
@ApplicationScoped
public class CaptionSemanticMatcher {

    /** One item a text query found by meaning. */
    public record Hit(org.takedown.matching.index.IndexedItem item, double similarity, double confidence, String detail) {
    }

    private final double minSimilarity;
    private final int k;

    @jakarta.inject.Inject
    CaptionSemanticMatcher(EmbeddingConfig config) {
        this(config.caption().minSimilarity(), config.caption().k());
    }

    public CaptionSemanticMatcher(double minSimilarity, int k) {
        this.minSimilarity = minSimilarity;
        this.k = k;
    }

    /** The hits of {@code texts} (position = index in the list) in {@code release}. */
    public List<Hit> match(List<String> texts, DatasetIndex release) {
        List<Hit> hits = new ArrayList<>();
        if (release.captionModel().isEmpty()) {
            return hits;
        }
        for (int position = 0; position < texts.size(); position++) {
            if (texts.get(position) == null || texts.get(position).isBlank()) {
                continue;
            }
            for (DatasetIndex.VectorHit hit : release.semanticCaptions(texts.get(position), k)) {
                if (hit.similarity() >= minSimilarity) {
                    hits.add(new Hit(hit.item(), hit.similarity(), Signal.CAPTION_SEMANTIC.confidence() * hit.similarity(),
                            String.format(Locale.ROOT, "text query %d: caption embedding cosine similarity %.3f "
                                    + "(threshold %.2f, model %s)", position, hit.similarity(), minSimilarity,
                                    release.captionModel().get().id())));
                }
            }
        }
        return hits;
    }
}
