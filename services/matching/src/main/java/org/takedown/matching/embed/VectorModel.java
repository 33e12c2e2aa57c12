package org.takedown.matching.embed;

import java.util.Map;
import java.util.Optional;

/**
 * Which model a release's vectors came from, as recorded in the release's last Lucene commit.
 * Vectors of different models (or of one model at different dimensions) are not comparable.
 */
public record VectorModel(String id, int dimensions) {

    /** Commit user data keys (image dimensions share the key the Parquet ingestion always wrote). */
    public static final String IMAGE_MODEL = "takedown.imageModel";
    public static final String IMAGE_DIMS = "takedown.embeddingDims";
    public static final String CAPTION_MODEL = "takedown.captionModel";
    public static final String CAPTION_DIMS = "takedown.captionDims";
    /** The id recorded for img_emb/*.npy vectors ingested without naming their model. */
    public static final String UNKNOWN = "unknown";

    public static Optional<VectorModel> image(Map<String, String> commitData) {
        return read(commitData, IMAGE_MODEL, IMAGE_DIMS);
    }

    public static Optional<VectorModel> caption(Map<String, String> commitData) {
        return read(commitData, CAPTION_MODEL, CAPTION_DIMS);
    }

    private static Optional<VectorModel> read(Map<String, String> data, String modelKey, String dimsKey) {
        String dims = data.get(dimsKey);
        if (dims == null) {
            return Optional.empty();
        }
        return Optional.of(new VectorModel(data.getOrDefault(modelKey, UNKNOWN), Integer.parseInt(dims)));
    }

    @Override
    public String toString() {
        return id + " (" + dimensions + " dims)";
    }
}
