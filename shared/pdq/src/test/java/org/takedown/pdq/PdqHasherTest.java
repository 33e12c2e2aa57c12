package org.takedown.pdq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PdqHasherTest {

    private static final PdqHasher HASHER = new PdqHasher();

    private static int[] noise(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] p = new int[width * height];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextInt(1 << 24);
        }
        return p;
    }

    private static int[] photo(int width, int height, long seed) {
        return SyntheticPhotos.rgb(width, height, seed);
    }

    /**
     * The fast downsampler must be bit-identical to a literal transcription of the reference
     * (full buffers, one line at a time). Sizes cover every box-window regime: width 1 windows
     * (<= 128), the 64x64 boundary, windows of 2 and 3 either side of 256/384, non-square images,
     * heights that are not multiples of the 4- and 8-row blocks, windows larger than them, and
     * power-of-two windows (4, 8, 16), whose means are multiplications by the exact reciprocal.
     */
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"5,5", "5,9", "7,300", "63,65", "64,63", "65,64", "100,100", "127,128", "128,129",
        "129,127", "255,256", "256,257", "257,383", "385,130", "640,7", "1000,999", "1600,1004",
        "2000,301", "3000,40", "97,2100", "512,511", "1024,768"})
    void downsamplerIsBitIdenticalToReferenceModel(int width, int height) {
        int[] rgb = (width * height) % 2 == 0 ? noise(width, height, width) : photo(width, height, height);
        float[] luma = ReferenceModel.luma(rgb, width, height);
        float[] expected = ReferenceModel.downsample(luma.clone(), width, height);
        assertBitIdentical(expected,
                Downsampler.fromRgb(rgb, width, height, PdqHasher.LUMA_RG, PdqHasher.LUMA_B_TABLE), "fromRgb");
        assertBitIdentical(expected, Downsampler.fromLuma(luma, width, height), "fromLuma");
    }

    private static void assertBitIdentical(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + " cell (" + i / 64 + "," + i % 64 + "): expected "
                        + expected[i] + " got " + actual[i]);
            }
        }
    }

    @Test
    void tableLumaIsTheReferenceExpression() {
        int[] all = new int[1 << 24];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        float[] fast = new float[all.length];
        PdqHasher.luma(all, fast, all.length);
        float[] expected = ReferenceModel.luma(all, all.length, 1);
        assertTrue(Arrays.equals(expected, fast), "luma differs for some RGB value");
    }

    @Test
    void tooSmallImagesGiveZeroHashAndQuality() {
        for (int[] dims : new int[][] {{4, 100}, {100, 4}, {1, 1}}) {
            PdqResult r = HASHER.hashRgb(noise(dims[0], dims[1], 1), dims[0], dims[1]);
            assertEquals(PdqHash.zero(), r.hash());
            assertEquals(0, r.quality());
            assertTrue(r.isLowQuality());
        }
        // 5x5 is the smallest size the reference hashes.
        assertTrue(HASHER.hashRgb(noise(5, 5, 1), 5, 5).hash().bitCount() > 0);
    }

    @Test
    void flatImageHasQualityZero() {
        int[] grey = new int[300 * 200];
        Arrays.fill(grey, 0x808080);
        PdqResult r = HASHER.hashRgb(grey, 300, 200);
        assertEquals(0, r.quality());
        assertTrue(r.isLowQuality());
    }

    @Test
    void busyImageHasHighQuality() {
        PdqResult r = HASHER.hashRgb(photo(400, 300, 2), 400, 300);
        assertTrue(r.quality() >= 90, "quality " + r.quality());
        assertTrue(!r.isLowQuality());
        // Strictly above the lower median of 256 distinct values: exactly half the bits.
        assertEquals(128, r.hash().bitCount());
    }

    /** 64x64 input bypasses the blur, as in the C++ reference (see PdqHasher). */
    @Test
    void sixtyFourSquareInputIsUsedAsIs() {
        int[] rgb = photo(64, 64, 4);
        float[] luma = ReferenceModel.luma(rgb, 64, 64);
        PdqHash expected = PdqHasher.threshold(PdqHasher.dct64To16(luma));
        assertEquals(expected, HASHER.hashRgb(rgb, 64, 64).hash());
        assertEquals(PdqHasher.quality(luma), HASHER.hashRgb(rgb, 64, 64).quality());
    }

    @Test
    void lumaEntryPointMatchesRgbEntryPointAndLeavesInputAlone() {
        int w = 333;
        int h = 222;
        int[] rgb = photo(w, h, 6);
        int[] rgbCopy = rgb.clone();
        float[] luma = ReferenceModel.luma(rgb, w, h);
        float[] lumaCopy = luma.clone();
        PdqResult fromRgb = HASHER.hashRgb(rgb, w, h);
        PdqResult fromLuma = HASHER.hashLuma(luma, w, h);
        assertEquals(fromRgb.hash(), fromLuma.hash());
        assertEquals(fromRgb.quality(), fromLuma.quality());
        assertArrayEquals(rgbCopy, rgb);
        assertArrayEquals(lumaCopy, luma);
    }

    @Test
    void alphaByteIsIgnored() {
        int[] rgb = photo(200, 150, 8);
        int[] withAlpha = rgb.clone();
        for (int i = 0; i < withAlpha.length; i++) {
            withAlpha[i] |= (i % 256) << 24;
        }
        assertEquals(HASHER.hashRgb(rgb, 200, 150).hash(), HASHER.hashRgb(withAlpha, 200, 150).hash());
    }

    @Test
    void rejectsBadDimensions() {
        assertThrows(IllegalArgumentException.class, () -> HASHER.hashRgb(new int[10], 5, 5));
        assertThrows(IllegalArgumentException.class, () -> HASHER.hashRgb(new int[10], 0, 5));
        assertThrows(IllegalArgumentException.class, () -> HASHER.hashLuma(new float[10], 5, -1));
    }

    @Test
    void medianThresholdUsesLowerMedianAndStrictComparison() {
        float[] dct = new float[256];
        for (int i = 0; i < 256; i++) {
            dct[i] = i; // lower median is 127: bits 128..255 set
        }
        PdqHash h = PdqHasher.threshold(dct);
        assertEquals(128, h.bitCount());
        assertTrue(!h.bit(127) && h.bit(128));
        Arrays.fill(dct, 1f); // all tied with the median: nothing is strictly greater
        assertEquals(PdqHash.zero(), PdqHasher.threshold(dct));
    }

    @Test
    void isThreadSafe() throws Exception {
        int w = 500;
        int h = 400;
        List<int[]> images = new ArrayList<>();
        List<PdqHash> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(photo(w, h, 100 + i));
            expected.add(HASHER.hashRgb(images.get(i), w, h).hash());
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<PdqHash>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int[] img : images) {
                    futures.add(pool.submit(() -> HASHER.hashRgb(img, w, h).hash()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(expected.get(i % images.size()), futures.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void medianSelectionPicksTheSortedLowerMedian() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2000; round++) {
            float[] values = new float[256];
            int distinct = 1 + random.nextInt(round % 3 == 0 ? 4 : 300); // many ties in some rounds
            for (int k = 0; k < values.length; k++) {
                values[k] = (random.nextInt(distinct) - distinct / 2) * (random.nextBoolean() ? 0.5f : 1.25f);
            }
            float[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            float selected = PdqHasher.select(values.clone(), 127);
            assertTrue(selected == sorted[127], "round " + round + ": " + selected + " != " + sorted[127]);
        }
    }
}
