package org.takedown.matching.embed;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** As {@link EmbeddingFakeIntake}, but the service's query encoder is another model than the release's. */
public class MixedModelFakeIntake extends EmbeddingFakeIntake {

    public static final String QUERY_MODEL_ID = "test/avgpool-projection-seed8";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        Path model = Path.of(config.get("takedown.matching.embedding.image.model-path"));
        config.put("takedown.matching.embedding.image.model-path",
                TestOnnxModel.write(model.resolveSibling("other-encoder.onnx"), 8).toString());
        config.put("takedown.matching.embedding.image.model-id", QUERY_MODEL_ID);
        return config;
    }
}
