package org.takedown.matching.embed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.takedown.matching.evidence.FakeIntake;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;

/**
 * {@link FakeIntake} serving evidence, and a release of the same shard ingested with the test image
 * encoder ({@link TestOnnxModel}), which the service is configured to use for queries. PDQ is held
 * to exact hashes only (distance 0, no crop views) so that what is found is found by IMAGE_KNN.
 */
public class EmbeddingFakeIntake extends FakeIntake {

    public static final String RELEASE = "r1-embedded";
    public static final String MODEL_ID = "test/avgpool-projection-seed7";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        try {
            Path indexes = Path.of(config.get("takedown.matching.dataset.index-root"));
            Path work = Files.createTempDirectory("matching-knn-it");
            Path model = TestOnnxModel.write(work.resolve("encoder.onnx"), 7);
            Path shard = work.resolve("00000.tar");
            writeRelease(shard);
            try (OnnxImageEmbedder embedder = new OnnxImageEmbedder(model, MODEL_ID, new ClipPreprocessor(
                    TestOnnxModel.INPUT_SIZE, ClipPreprocessor.CLIP_MEAN, ClipPreprocessor.CLIP_STD), TestOnnxModel.OUTPUT, 1)) {
                new ReleaseIngester(new ReleaseStore(indexes), 1000, Long.MAX_VALUE)
                        .embedding(new IngestEmbedding(embedder, null, null, false))
                        .ingest(shard, DATASET, RELEASE, p -> { });
            }
            config.put("takedown.matching.dataset.release", RELEASE);
            config.put("takedown.matching.embedding.image.model-path", model.toString());
            config.put("takedown.matching.embedding.image.model-id", MODEL_ID);
            config.put("takedown.matching.embedding.image.input-size", Integer.toString(TestOnnxModel.INPUT_SIZE));
            config.put("takedown.matching.embedding.image.output-name", TestOnnxModel.OUTPUT);
            config.put("takedown.matching.pdq-max-distance", "0");
            config.put("takedown.matching.crop-views", "0");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
