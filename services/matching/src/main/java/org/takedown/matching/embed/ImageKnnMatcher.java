package org.takedown.matching.embed;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.match.Signal;
import org.takedown.matching.pdq.PdqImages;

/**
 * The IMAGE_KNN signal: each evidence image is embedded with the configured image encoder and its
 * nearest image vectors in the release are looked up (HNSW); those at cosine similarity at least
 * {@code min-similarity} are hits. Only when the release's vectors come from the same model (id and
 * dimensions): otherwise the signal is skipped, with the reason logged and noted in the match
 * explanation. The image and its vector live only in memory for the call; logs name the image by
 * position only.
 */
@ApplicationScoped
public class ImageKnnMatcher {

    private static final Logger LOG = Logger.getLogger(ImageKnnMatcher.class);

    /** One item an evidence image's vector found. */
    public record Hit(IndexedItem item, double similarity, double confidence, String detail) {
    }

    private final Optional<ImageEmbedder> embedder;
    private final double minSimilarity;
    private final int k;

    @jakarta.inject.Inject
    ImageKnnMatcher(EmbeddingModels models, EmbeddingConfig config) {
        this(models.image(), config.image().minSimilarity(), config.image().k());
    }

    public ImageKnnMatcher(Optional<ImageEmbedder> embedder, double minSimilarity, int k) {
        this.embedder = embedder;
        this.minSimilarity = minSimilarity;
        this.k = k;
    }

    /** Whether the release has image vectors, so that evidence is worth fetching for this signal. */
    public boolean applies(DatasetIndex release) {
        return release.imageModel().isPresent();
    }

    /** Starts the search of one request in {@code release}: decides once whether the signal can run. */
    public Search start(UUID requestId, DatasetIndex release) {
        Optional<VectorModel> model = release.imageModel();
        if (model.isEmpty()) {
            return new Search(release, null, null);
        }
        String skip = null;
        if (model.get().id().equals(VectorModel.UNKNOWN)) {
            skip = "IMAGE_KNN skipped: release " + release.datasetId() + "/" + release.releaseId()
                    + " does not record which model its image vectors came from (" + model.get()
                    + "); ingest it again naming the model (takedown.matching.embedding.npy-model-id)";
        } else if (embedder.isEmpty()) {
            skip = "IMAGE_KNN skipped: release " + release.datasetId() + "/" + release.releaseId()
                    + " has image vectors from " + model.get() + " but no image embedder is configured";
        } else if (!embedder.get().modelId().equals(model.get().id()) || embedder.get().dimensions() != model.get().dimensions()) {
            skip = "IMAGE_KNN skipped: release " + release.datasetId() + "/" + release.releaseId() + " has image vectors from "
                    + model.get() + " but the query embedder is " + embedder.get().modelId() + " ("
                    + embedder.get().dimensions() + " dims); vectors of different models are not comparable";
        }
        if (skip != null) {
            LOG.warnf("request %s: %s", requestId, skip);
            return new Search(release, null, skip);
        }
        return new Search(release, embedder.get(), null);
    }

    /** The search of one request's evidence images in one release. */
    public final class Search {
        private final DatasetIndex release;
        private final ImageEmbedder active;
        private final String skipped;
        private final List<Hit> hits = new ArrayList<>();

        private Search(DatasetIndex release, ImageEmbedder active, String skipped) {
            this.release = release;
            this.active = active;
            this.skipped = skipped;
        }

        /** Searches one decoded evidence image (a no-op when the signal is skipped or the release has no vectors). */
        public void image(int position, PdqImages.RgbImage image) {
            if (active == null) {
                return;
            }
            float[] vector = active.embed(image);
            for (DatasetIndex.VectorHit hit : release.imageNeighbours(vector, k)) {
                if (hit.similarity() >= minSimilarity) {
                    hits.add(new Hit(hit.item(), hit.similarity(), Signal.IMAGE_KNN.confidence() * Math.min(1.0, hit.similarity()),
                            String.format(Locale.ROOT, "evidence image %d: image embedding cosine similarity %.3f "
                                    + "(threshold %.2f, model %s)", position, hit.similarity(), minSimilarity, active.modelId())));
                }
            }
        }

        public List<Hit> hits() {
            return List.copyOf(hits);
        }

        /** Why the signal did not run for this request, for the match explanation; empty when it ran or did not apply. */
        public Optional<String> skipped() {
            return Optional.ofNullable(skipped);
        }
    }
}
