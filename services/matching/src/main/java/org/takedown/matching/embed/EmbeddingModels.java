package org.takedown.matching.embed;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The service's embedders: the configured ONNX image encoder (none without
 * {@code takedown.matching.embedding.image.model-path}), loaded once at start-up and shared.
 */
@Singleton
@io.quarkus.runtime.Startup // a model that does not load stops the start-up, not the first request
public class EmbeddingModels {

    private static final Logger LOG = Logger.getLogger(EmbeddingModels.class);

    private final EmbeddingConfig config;
    private final Optional<ImageEmbedder> image;

    public EmbeddingModels(EmbeddingConfig config) {
        this.config = config;
        this.image = config.image().modelPath().map(path -> {
            String id = config.image().modelId().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "takedown.matching.embedding.image.model-path is set but model-id is not: name the model"));
            OnnxImageEmbedder embedder = new OnnxImageEmbedder(path, id, new ClipPreprocessor(config.image().inputSize(),
                    floats(config.image().mean()), floats(config.image().std())),
                    config.image().outputName().orElse(null), config.image().threads());
            LOG.infof("image embedder %s loaded from %s: %d dimensions, input %dx%d", id, path, embedder.dimensions(),
                    config.image().inputSize(), config.image().inputSize());
            return embedder;
        });
        if (image.isEmpty()) {
            LOG.infof("no image embedder configured (takedown.matching.embedding.image.model-path): IMAGE_KNN is off");
        }
    }

    public Optional<ImageEmbedder> image() {
        return image;
    }

    /** What an ingestion embeds: images when an embedder is configured, captions when asked for (per release). */
    public IngestEmbedding forIngestion(boolean captionEmbeddings) {
        return new IngestEmbedding(image.orElse(null), captionEmbeddings ? MiniLmCaptionEmbedder.shared() : null,
                config.npyModelId().orElse(null), config.int8());
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    @PreDestroy
    void close() {
        image.ifPresent(ImageEmbedder::close);
    }
}
