package org.takedown.matching.embed;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A CLIP-style image encoder exported to ONNX, run in-process by ONNX Runtime (its native library
 * comes inside the {@code onnxruntime} jar; nothing is downloaded). The model takes one float tensor
 * {@code [1, 3, size, size]} (its only input, or the one named {@code pixel_values}) prepared by
 * {@link ClipPreprocessor}, and gives {@code [1, D]} on the configured output (else the first); the
 * vector is L2-normalised here, so models that already normalise and those that do not both work.
 */
public final class OnnxImageEmbedder implements ImageEmbedder {

    private final String modelId;
    private final ClipPreprocessor preprocessor;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final int dimensions;

    /**
     * @param outputName the output holding the image embedding (e.g. {@code image_embeds}); null for the first
     * @param threads    ONNX Runtime intra-op threads for one embedding
     * @throws IllegalArgumentException if the file is missing, is not an ONNX model, or does not have
     *                                  the shape of an image encoder
     */
    public OnnxImageEmbedder(Path modelFile, String modelId, ClipPreprocessor preprocessor, String outputName, int threads) {
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        if (modelId.isBlank()) {
            throw new IllegalArgumentException("the image model needs an id (takedown.matching.embedding.image.model-id)");
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("the image model " + modelFile + " does not exist");
        }
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            this.session = env.createSession(modelFile.toString(), options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("the image model " + modelFile + " cannot be loaded: " + e.getMessage(), e);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            this.inputName = inputs.size() == 1 ? inputs.keySet().iterator().next()
                    : inputs.containsKey("pixel_values") ? "pixel_values" : null;
            if (inputName == null) {
                throw new IllegalArgumentException("the image model " + modelFile + " has inputs " + inputs.keySet()
                        + "; expected one image input (or one named pixel_values)");
            }
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            this.outputName = outputName == null || outputName.isBlank() ? outputs.keySet().iterator().next() : outputName;
            if (!outputs.containsKey(this.outputName)) {
                throw new IllegalArgumentException("the image model " + modelFile + " has no output " + this.outputName
                        + " (it has " + outputs.keySet() + ")");
            }
            this.dimensions = embedRaw(new float[3 * preprocessor.size() * preprocessor.size()]).length;
        } catch (OrtException | RuntimeException e) {
            close();
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("the image model " + modelFile + " does not run on a " + preprocessor.size()
                    + "x" + preprocessor.size() + " image: " + e.getMessage(), e);
        }
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public float[] embed(BufferedImage image) {
        try {
            return Vectors.normalize(embedRaw(preprocessor.tensor(image)));
        } catch (OrtException e) {
            throw new IllegalStateException("the image model " + modelId + " failed: " + e.getMessage(), e);
        }
    }

    private float[] embedRaw(float[] pixels) throws OrtException {
        int size = preprocessor.size();
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {1, 3, size, size});
             OrtSession.Result result = session.run(Map.of(inputName, input), java.util.Set.of(outputName))) {
            OnnxValue value = result.get(outputName).orElseThrow();
            if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                throw new IllegalArgumentException("output " + outputName + " is not a float tensor");
            }
            TensorInfo info = tensor.getInfo();
            long[] shape = info.getShape();
            long elements = 1;
            for (long d : shape) {
                elements *= d;
            }
            if (shape.length == 0 || elements != shape[shape.length - 1] || elements < 1 || elements > 4096) {
                throw new IllegalArgumentException("output " + outputName + " has shape " + java.util.Arrays.toString(shape)
                        + "; expected [1, D] with D in 1..4096");
            }
            FloatBuffer buffer = tensor.getFloatBuffer();
            float[] out = new float[buffer.remaining()];
            buffer.get(out);
            return out;
        }
    }

    @Override
    public void close() {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                // nothing left to release
            }
        }
    }
}
