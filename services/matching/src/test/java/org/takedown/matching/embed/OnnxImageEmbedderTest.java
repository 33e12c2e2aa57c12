package org.takedown.matching.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.demo.SyntheticImages;

/**
 * The ONNX Runtime embedder on the model the tests generate ({@link TestOnnxModel}), and the
 * similarity distributions that the default IMAGE_KNN threshold is chosen from.
 */
class OnnxImageEmbedderTest {

    @TempDir
    static Path dir;

    private static OnnxImageEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = TestOnnxModel.embedder(dir, 7);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void theGeneratedModelLoadsAndGivesDeterministicUnitVectors() {
        assertEquals(TestOnnxModel.DIMENSIONS, embedder.dimensions());
        assertEquals("test/avgpool-projection-seed7", embedder.modelId());
        BufferedImage picture = SyntheticImages.picture(3, 640, 480);

        float[] v = embedder.embed(picture);

        assertEquals(1.0, Vectors.dot(v, v), 1e-5, "unit length");
        assertArrayEquals(v, embedder.embed(picture), "the same image gives the same vector");
        try (OnnxImageEmbedder again = TestOnnxModel.embedder(dir.resolve(".."), 7)) {
            assertArrayEquals(v, again.embed(picture), 1e-6f, "the same model file written again gives the same vector");
        }
        try (OnnxImageEmbedder other = TestOnnxModel.embedder(dir, 8)) {
            assertTrue(Vectors.dot(v, other.embed(picture)) < 0.9, "another projection gives another vector");
        }
    }

    /**
     * Transformed copies of 30 pictures against the originals, and 30 x 60 unrelated pairs: the
     * distributions do not overlap, and the default threshold (0.85) lies between them with room on
     * both sides. Printed so the numbers in the README can be checked.
     */
    @Test
    void transformedCopiesEmbedCloseAndUnrelatedPicturesFar() {
        Map<String, UnaryOperator<BufferedImage>> transforms = new LinkedHashMap<>();
        transforms.put("resized 50%", i -> SyntheticImages.resize(i, i.getWidth() / 2, i.getHeight() / 2));
        transforms.put("JPEG q50", i -> jpeg(i, 0.5f));
        transforms.put("flipped", SyntheticImages::flipHorizontally);
        transforms.put("cropped 3%", i -> SyntheticImages.crop(i, 0.03, 0.03, 0.03, 0.03));
        transforms.put("crop+flip+resize+JPEG70", i -> jpeg(SyntheticImages.resize(SyntheticImages.flipHorizontally(
                SyntheticImages.crop(i, 0.04, 0.01, 0.02, 0.03)), 400, 300), 0.7f));
        List<float[]> originals = new ArrayList<>();
        Map<String, double[]> copies = new LinkedHashMap<>();
        transforms.keySet().forEach(k -> copies.put(k, new double[30]));
        for (int seed = 1; seed <= 30; seed++) {
            BufferedImage original = SyntheticImages.picture(seed, 640, 480);
            float[] v = embedder.embed(original);
            originals.add(v);
            for (var t : transforms.entrySet()) {
                copies.get(t.getKey())[seed - 1] = Vectors.dot(v, embedder.embed(t.getValue().apply(original)));
            }
        }
        double[] unrelated = new double[30 * 60];
        int n = 0;
        for (int seed = 1000; seed < 1060; seed++) {
            float[] other = embedder.embed(SyntheticImages.picture(seed, 480 + seed % 7 * 40, 360 + seed % 5 * 40));
            for (float[] original : originals) {
                unrelated[n++] = Vectors.dot(original, other);
            }
        }
        double minCopy = 1;
        for (var c : copies.entrySet()) {
            System.out.println("IMAGE_KNN similarity, " + c.getKey() + ": " + summary(c.getValue()));
            minCopy = Math.min(minCopy, Arrays.stream(c.getValue()).min().orElseThrow());
        }
        System.out.println("IMAGE_KNN similarity, unrelated pairs: " + summary(unrelated));
        double maxUnrelated = Arrays.stream(unrelated).max().orElseThrow();

        assertTrue(minCopy > 0.85, "every copy above the default threshold: lowest " + minCopy);
        assertTrue(maxUnrelated < 0.85, "every unrelated pair below it: highest " + maxUnrelated);
        assertTrue(minCopy > maxUnrelated, "the distributions do not overlap");
    }

    @Test
    void aFileThatIsNotAModelOrTheWrongOutputIsRefusedWithItsName() throws IOException {
        ClipPreprocessor clip = new ClipPreprocessor(TestOnnxModel.INPUT_SIZE, ClipPreprocessor.CLIP_MEAN, ClipPreprocessor.CLIP_STD);
        Path garbage = Files.write(dir.resolve("garbage.onnx"), "not a model".getBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxImageEmbedder(garbage, "x", clip, null, 1));
        assertTrue(e.getMessage().contains("garbage.onnx") && e.getMessage().contains("cannot be loaded"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxImageEmbedder(dir.resolve("missing.onnx"), "x", clip, null, 1));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

        Path model = TestOnnxModel.write(dir.resolve("m.onnx"), 1);
        e = assertThrows(IllegalArgumentException.class, () -> new OnnxImageEmbedder(model, "x", clip, "text_embeds", 1));
        assertTrue(e.getMessage().contains("no output text_embeds"), e.getMessage());

        ClipPreprocessor wrongSize = new ClipPreprocessor(224, ClipPreprocessor.CLIP_MEAN, ClipPreprocessor.CLIP_STD);
        e = assertThrows(IllegalArgumentException.class, () -> new OnnxImageEmbedder(model, "x", wrongSize, null, 1));
        assertTrue(e.getMessage().contains("does not run on a 224x224 image"), e.getMessage());
    }

    static String summary(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "n=%d min %.3f p1 %.3f p50 %.3f p99 %.3f max %.3f", s.length, s[0],
                s[(int) (0.01 * (s.length - 1))], s[s.length / 2], s[(int) (0.99 * (s.length - 1))], s[s.length - 1]);
    }

    private static BufferedImage jpeg(BufferedImage image, float quality) {
        try {
            return ImageIO.read(new ByteArrayInputStream(SyntheticImages.jpeg(image, quality)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
