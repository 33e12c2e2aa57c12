package org.takedown.matching.embed;

import java.nio.file.Path;
import java.util.Properties;

/**
 * What the {@code ingest} command embeds, from the same keys as the service's configuration given as
 * system properties ({@code -Dtakedown.matching.embedding.image.model-path=...}); plus
 * {@code takedown.matching.embedding.caption-embeddings=true} to embed captions (per release).
 */
public final class CliEmbedding {

    static final String PREFIX = "takedown.matching.embedding.";

    private CliEmbedding() {
    }

    /**
     * @throws IllegalArgumentException if a model path is given without a model id, or the model does not load
     */
    public static IngestEmbedding from(Properties p) {
        ImageEmbedder image = null;
        String path = p.getProperty(PREFIX + "image.model-path");
        if (path != null && !path.isBlank()) {
            String id = p.getProperty(PREFIX + "image.model-id");
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException(PREFIX + "image.model-path is set but " + PREFIX + "image.model-id is not");
            }
            int size = Integer.parseInt(p.getProperty(PREFIX + "image.input-size", "224"));
            image = new OnnxImageEmbedder(Path.of(path), id, new ClipPreprocessor(size,
                    floats(p.getProperty(PREFIX + "image.mean"), ClipPreprocessor.CLIP_MEAN),
                    floats(p.getProperty(PREFIX + "image.std"), ClipPreprocessor.CLIP_STD)),
                    p.getProperty(PREFIX + "image.output-name"), Integer.parseInt(p.getProperty(PREFIX + "image.threads", "1")));
        }
        CaptionEmbedder caption = Boolean.parseBoolean(p.getProperty(PREFIX + "caption-embeddings", "false"))
                ? MiniLmCaptionEmbedder.shared() : null;
        return new IngestEmbedding(image, caption, p.getProperty(PREFIX + "npy-model-id"),
                Boolean.parseBoolean(p.getProperty(PREFIX + "int8", "false")));
    }

    private static float[] floats(String csv, float[] otherwise) {
        if (csv == null || csv.isBlank()) {
            return otherwise;
        }
        String[] parts = csv.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i].trim());
        }
        return out;
    }
}
