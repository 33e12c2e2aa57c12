package org.takedown.matching.embed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Image and caption embeddings (README "Image and caption embeddings"). */
@ConfigMapping(prefix = "takedown.matching.embedding")
public interface EmbeddingConfig {

    Image image();

    Caption caption();

    /**
     * The model that LAION-style {@code img_emb/*.npy} vectors came from (e.g.
     * {@code openai/clip-vit-large-patch14}), recorded with the release; without it they are recorded as
     * {@code unknown} and never compared with query vectors.
     */
    Optional<String> npyModelId();

    /** HNSW over int8-quantised vectors (a quarter of the vector memory) instead of float vectors, for new releases. */
    @WithDefault("false")
    boolean int8();

    interface Image {

        /** A CLIP-style image encoder exported to ONNX; without it there are no image embeddings (IMAGE_KNN is off). */
        Optional<Path> modelPath();

        /** Names the model, compared verbatim with the model a release's vectors came from; required with model-path. */
        Optional<String> modelId();

        /** The encoder's input size (224 for ViT-B/32, ViT-L/14; 336 for ViT-L/14@336px). */
        @WithDefault("224")
        int inputSize();

        /** Per-channel normalisation (R, G, B); CLIP's by default. */
        @WithDefault("0.48145466,0.4578275,0.40821073")
        List<Float> mean();

        @WithDefault("0.26862954,0.26130258,0.27577711")
        List<Float> std();

        /** The output holding the image embedding (e.g. {@code image_embeds}); the model's first output by default. */
        Optional<String> outputName();

        /** ONNX Runtime threads for one image. */
        @WithDefault("1")
        int threads();

        /**
         * Lowest cosine similarity for an IMAGE_KNN hit. High by default so that only near-duplicates
         * hit, never "similar-looking people" (README: measured distributions).
         */
        @WithDefault("0.85")
        double minSimilarity();

        /** Nearest neighbours fetched per evidence image (those above min-similarity count). */
        @WithDefault("20")
        int k();
    }

    interface Caption {

        /** Lowest cosine similarity (all-MiniLM-L6-v2) for a CAPTION_SEMANTIC hit. */
        @WithDefault("0.6")
        double minSimilarity();

        /** Nearest captions fetched per text query. */
        @WithDefault("20")
        int k();
    }
}
