package org.takedown.matching.embed;

import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.pdq.PdqImages;

/**
 * What a release ingestion embeds: each decoded image with {@code image} (webdataset shards and
 * JSONL manifests with local images), each caption with {@code caption} (a per-release opt-in: about
 * 5-10 ms per caption on one core), and which model LAION-style {@code img_emb/*.npy} vectors came
 * from ({@code npyModelId}; they carry no model name themselves). The models are recorded in every
 * commit of the release, and a resumed ingestion must use the same ones.
 *
 * @param image      null: images are hashed, not embedded
 * @param caption    null: captions are indexed for BM25 only
 * @param npyModelId the model of {@code img_emb/*.npy} vectors, e.g. {@code openai/clip-vit-large-patch14}; null: {@value VectorModel#UNKNOWN}
 * @param int8       HNSW over int8-quantised vectors instead of float ones
 */
public record IngestEmbedding(ImageEmbedder image, CaptionEmbedder caption, String npyModelId, boolean int8) {

    public static final IngestEmbedding NONE = new IngestEmbedding(null, null, null, false);

    public Codec codec() {
        return VectorCodecs.codec(int8);
    }

    /** Adds the caption's vector (when caption embeddings are on) and the image's (when there is an image embedder). */
    public Document enrich(Document doc, String captionText, PdqImages.RgbImage decodedImage) {
        if (caption != null && captionText != null && !captionText.isBlank()) {
            doc.add(LuceneDatasetIndex.captionEmbedding(caption.embed(captionText)));
        }
        if (image != null && decodedImage != null) {
            doc.add(LuceneDatasetIndex.imageEmbedding(image.embed(decodedImage)));
        }
        return doc;
    }

    /** The models, for the commit user data of an ingestion that embeds images itself (not from .npy files). */
    public Map<String, String> commitData() {
        Map<String, String> data = new HashMap<>();
        if (image != null) {
            data.put(VectorModel.IMAGE_MODEL, image.modelId());
            data.put(VectorModel.IMAGE_DIMS, Integer.toString(image.dimensions()));
        }
        if (caption != null) {
            data.put(VectorModel.CAPTION_MODEL, caption.modelId());
            data.put(VectorModel.CAPTION_DIMS, Integer.toString(caption.dimensions()));
        }
        return data;
    }

    /**
     * The models to record in every commit of a release: for Parquet input the caption model and,
     * with {@code img_emb/*.npy} vectors of {@code npyDims} dimensions, their model; for images the
     * image and caption models.
     */
    public Map<String, String> commitData(boolean parquet, int npyDims) {
        Map<String, String> data = commitData();
        if (parquet) {
            data.remove(VectorModel.IMAGE_MODEL);
            data.remove(VectorModel.IMAGE_DIMS);
            if (npyDims > 0) {
                data.put(VectorModel.IMAGE_MODEL, npyModel());
                data.put(VectorModel.IMAGE_DIMS, Integer.toString(npyDims));
            }
        }
        return data;
    }

    /** The model id to record for {@code img_emb/*.npy} vectors. */
    public String npyModel() {
        return npyModelId == null || npyModelId.isBlank() ? VectorModel.UNKNOWN : npyModelId;
    }

    /**
     * Refuses to resume an ingestion whose checkpoint was embedded with other models than
     * {@code models} ({@link #commitData(boolean, int)}): a release's vectors must come from one model.
     *
     * @throws IllegalStateException naming both models
     */
    public static void checkResume(Map<String, String> checkpoint, Map<String, String> models, Object where) {
        if (checkpoint.isEmpty()) {
            return;
        }
        for (String key : new String[] {VectorModel.IMAGE_MODEL, VectorModel.CAPTION_MODEL}) {
            String before = checkpoint.get(key);
            String now = models.get(key);
            if (!java.util.Objects.equals(before, now)) {
                String what = key.equals(VectorModel.IMAGE_MODEL) ? "image model" : "caption model";
                throw new IllegalStateException("the checkpoint in " + where + " was embedded with " + what + " "
                        + (before == null ? "none" : before) + " but this run uses " + (now == null ? "none" : now)
                        + "; a release's vectors must come from one model (delete that directory to start over)");
            }
        }
    }
}
