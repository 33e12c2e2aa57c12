package org.takedown.matching.embed;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A tiny image "encoder" the tests write themselves as an ONNX model, so that the real ONNX Runtime
 * code path runs without a downloaded CLIP model:
 * {@code pixel_values [1,3,64,64] -> AveragePool 8x8 -> [1,3,8,8] -> Flatten -> [1,192] -> MatMul W -> image_embeds [1,D]}.
 *
 * <p>W is a fixed pseudo-random Gaussian matrix (seeded), made mirror-symmetric (the weights of
 * column x and column 7-x of the grid are equal, so a left-right flip gives the same vector) and
 * centered per colour channel (the average colour of a channel does not count, only its layout). A
 * random projection roughly keeps angles (Johnson-Lindenstrauss), so images whose 8x8 colour grids
 * are alike (resized, re-compressed, slightly cropped copies) land close together and unrelated
 * pictures far apart: a stand-in with the properties near-duplicate search relies on, nothing more.
 *
 * <p>Serialised by hand with protobuf's {@link CodedOutputStream}. Field numbers from onnx.proto
 * (github.com/onnx/onnx, onnx/onnx.proto, IR version 7 era):
 * ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8;
 * OperatorSetIdProto: domain 1, version 2;
 * GraphProto: node 1, name 2, initializer 5, input 11, output 12;
 * NodeProto: input 1, output 2, name 3, op_type 4, attribute 5;
 * AttributeProto: name 1, i 3, ints 8, type 20 (AttributeType INT = 2, INTS = 7);
 * TensorProto: dims 1, data_type 2 (FLOAT = 1), name 8, raw_data 9 (little-endian);
 * ValueInfoProto: name 1, type 2; TypeProto: tensor_type 1; TypeProto.Tensor: elem_type 1, shape 2;
 * TensorShapeProto: dim 1; TensorShapeProto.Dimension: dim_value 1.
 */
public final class TestOnnxModel {

    public static final int INPUT_SIZE = 64;
    public static final int GRID = 8;
    public static final int DIMENSIONS = 256;
    public static final String OUTPUT = "image_embeds";

    private TestOnnxModel() {
    }

    /** Writes the model with projection seed {@code seed} to {@code file}. */
    public static Path write(Path file, long seed) {
        try {
            Files.write(file, model(seed));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An embedder over the model written with {@code seed}, as the service would configure it. */
    public static OnnxImageEmbedder embedder(Path dir, long seed) {
        Path file = write(dir.resolve("test-encoder-" + seed + ".onnx"), seed);
        return new OnnxImageEmbedder(file, "test/avgpool-projection-seed" + seed,
                new ClipPreprocessor(INPUT_SIZE, ClipPreprocessor.CLIP_MEAN, ClipPreprocessor.CLIP_STD), OUTPUT, 1);
    }

    static byte[] model(long seed) {
        int rows = 3 * GRID * GRID;
        float[] w = projection(seed, rows);
        byte[] raw = new byte[4 * w.length];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(w);

        byte[] pool = message(out -> {
            out.writeString(1, "pixel_values");
            out.writeString(2, "pooled");
            out.writeString(3, "pool");
            out.writeString(4, "AveragePool");
            out.writeByteArray(5, ints("kernel_shape", INPUT_SIZE / GRID, INPUT_SIZE / GRID));
            out.writeByteArray(5, ints("strides", INPUT_SIZE / GRID, INPUT_SIZE / GRID));
        });
        byte[] flatten = message(out -> {
            out.writeString(1, "pooled");
            out.writeString(2, "flat");
            out.writeString(3, "flatten");
            out.writeString(4, "Flatten");
            out.writeByteArray(5, message(a -> {
                a.writeString(1, "axis");
                a.writeInt64(3, 1);
                a.writeInt32(20, 2); // INT
            }));
        });
        byte[] matmul = message(out -> {
            out.writeString(1, "flat");
            out.writeString(1, "projection");
            out.writeString(2, OUTPUT);
            out.writeString(3, "project");
            out.writeString(4, "MatMul");
        });
        byte[] initializer = message(out -> {
            out.writeInt64(1, rows);
            out.writeInt64(1, DIMENSIONS);
            out.writeInt32(2, 1); // FLOAT
            out.writeString(8, "projection");
            out.writeByteArray(9, raw);
        });
        byte[] graph = message(out -> {
            out.writeByteArray(1, pool);
            out.writeByteArray(1, flatten);
            out.writeByteArray(1, matmul);
            out.writeString(2, "test-image-encoder");
            out.writeByteArray(5, initializer);
            out.writeByteArray(11, valueInfo("pixel_values", 1, 3, INPUT_SIZE, INPUT_SIZE));
            out.writeByteArray(12, valueInfo(OUTPUT, 1, DIMENSIONS));
        });
        return message(out -> {
            out.writeInt64(1, 7);
            out.writeString(2, "takedown-matching-tests");
            out.writeByteArray(7, graph);
            out.writeByteArray(8, message(o -> {
                o.writeString(1, "");
                o.writeInt64(2, 13);
            }));
        });
    }

    /** W [rows, DIMENSIONS], row = channel * 64 + y * 8 + x; mirror-symmetric in x, centered per channel. */
    static float[] projection(long seed, int rows) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] w = new float[rows * DIMENSIONS];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < GRID; y++) {
                for (int x = 0; x < GRID / 2; x++) {
                    for (int d = 0; d < DIMENSIONS; d++) {
                        float g = (float) gaussian(random);
                        w[(c * GRID * GRID + y * GRID + x) * DIMENSIONS + d] = g;
                        w[(c * GRID * GRID + y * GRID + (GRID - 1 - x)) * DIMENSIONS + d] = g;
                    }
                }
            }
            for (int d = 0; d < DIMENSIONS; d++) {
                double mean = 0;
                for (int i = 0; i < GRID * GRID; i++) {
                    mean += w[(c * GRID * GRID + i) * DIMENSIONS + d];
                }
                mean /= GRID * GRID;
                for (int i = 0; i < GRID * GRID; i++) {
                    w[(c * GRID * GRID + i) * DIMENSIONS + d] -= (float) mean;
                }
            }
        }
        return w;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static byte[] ints(String name, long... values) {
        return message(a -> {
            a.writeString(1, name);
            for (long v : values) {
                a.writeInt64(8, v);
            }
            a.writeInt32(20, 7); // INTS
        });
    }

    private static byte[] valueInfo(String name, long... dims) {
        byte[] shape = message(s -> {
            for (long d : dims) {
                s.writeByteArray(1, message(dim -> dim.writeInt64(1, d)));
            }
        });
        byte[] tensorType = message(t -> {
            t.writeInt32(1, 1); // FLOAT
            t.writeByteArray(2, shape);
        });
        return message(v -> {
            v.writeString(1, name);
            v.writeByteArray(2, message(type -> type.writeByteArray(1, tensorType)));
        });
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
