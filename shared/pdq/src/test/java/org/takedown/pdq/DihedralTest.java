package org.takedown.pdq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DihedralTest {

    private static final PdqHasher HASHER = new PdqHasher();

    /** A 3x2 image with distinct pixels, to pin down orientation conventions by hand. */
    private static final int[] SMALL = {
        1, 2, 3,
        4, 5, 6};

    @Test
    void pixelTransformsFollowTheDocumentedConventions() {
        assertArrayEquals(SMALL, Dihedral.ORIGINAL.applyToPixels(SMALL, 3, 2));
        // 90 counter-clockwise: the right-hand column (3, 6) becomes the top row.
        assertArrayEquals(new int[] {3, 6, 2, 5, 1, 4}, Dihedral.ROTATE_90.applyToPixels(SMALL, 3, 2));
        assertArrayEquals(new int[] {6, 5, 4, 3, 2, 1}, Dihedral.ROTATE_180.applyToPixels(SMALL, 3, 2));
        // 90 clockwise: the left-hand column (1, 4) becomes the top row, read bottom-up.
        assertArrayEquals(new int[] {4, 1, 5, 2, 6, 3}, Dihedral.ROTATE_270.applyToPixels(SMALL, 3, 2));
        assertArrayEquals(new int[] {4, 5, 6, 1, 2, 3}, Dihedral.FLIP_X.applyToPixels(SMALL, 3, 2));
        assertArrayEquals(new int[] {3, 2, 1, 6, 5, 4}, Dihedral.FLIP_Y.applyToPixels(SMALL, 3, 2));
        assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, Dihedral.FLIP_PLUS_1.applyToPixels(SMALL, 3, 2));
        assertArrayEquals(new int[] {6, 3, 5, 2, 4, 1}, Dihedral.FLIP_MINUS_1.applyToPixels(SMALL, 3, 2));
    }

    private static float[] randomDct(long seed) {
        Random random = new Random(seed);
        float[] d = new float[256];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) random.nextGaussian();
        }
        return d;
    }

    /** Find the element equal to doing {@code first} and then {@code second}, via pixels. */
    private static Dihedral compose(Dihedral first, Dihedral second) {
        int[] pixels = {1, 2, 3, 4, 5, 6}; // 3x2, all distinct, so the composite is unique
        int[] once = first.applyToPixels(pixels, 3, 2);
        int w = first.swapsDimensions() ? 2 : 3;
        int h = first.swapsDimensions() ? 3 : 2;
        int[] twice = second.applyToPixels(once, w, h);
        for (Dihedral d : Dihedral.values()) {
            if (d.swapsDimensions() == (first.swapsDimensions() != second.swapsDimensions())
                    && java.util.Arrays.equals(twice, d.applyToPixels(pixels, 3, 2))) {
                return d;
            }
        }
        throw new AssertionError("not closed under composition");
    }

    /**
     * The DCT sign/transpose rules form the same group as the pixel transforms: applying two of
     * them to a coefficient block equals applying their pixel-level composite. Exact, since only
     * signs and positions change.
     */
    @Test
    void dctRulesComposeLikePixelTransforms() {
        float[] dct = randomDct(1);
        for (Dihedral a : Dihedral.values()) {
            for (Dihedral b : Dihedral.values()) {
                float[] viaDct = b.applyToDct(a.applyToDct(dct));
                assertArrayEquals(compose(a, b).applyToDct(dct), viaDct, 0f, a + " then " + b);
            }
        }
        assertEquals(Dihedral.ROTATE_180, compose(Dihedral.ROTATE_90, Dihedral.ROTATE_90));
        assertEquals(Dihedral.ROTATE_180, compose(Dihedral.FLIP_X, Dihedral.FLIP_Y));
        assertEquals(Dihedral.ORIGINAL, compose(Dihedral.ROTATE_90, Dihedral.ROTATE_270));
    }

    /**
     * The heart of the trick: for a 64x64 image (hashed without blur), the DCT of the transformed
     * pixels equals the transformed DCT, up to float rounding of the sums.
     */
    @ParameterizedTest
    @EnumSource(Dihedral.class)
    void dctOfTransformedPixelsIsTransformedDct(Dihedral d) {
        Random random = new Random(99);
        int[] grey = new int[64 * 64];
        for (int i = 0; i < grey.length; i++) {
            int v = random.nextInt(256);
            grey[i] = v << 16 | v << 8 | v;
        }
        float[] expected = d.applyToDct(PdqHasher.dct64To16(ReferenceModel.luma(grey, 64, 64)));
        float[] actual = PdqHasher.dct64To16(ReferenceModel.luma(d.applyToPixels(grey, 64, 64), 64, 64));
        assertArrayEquals(expected, actual, 1e-3f);
    }

    private static PdqHash hashTransformed(int[] pixels, int width, int height, Dihedral d) {
        int[] t = d.applyToPixels(pixels, width, height);
        return d.swapsDimensions()
                ? HASHER.hashRgb(t, height, width).hash()
                : HASHER.hashRgb(t, width, height).hash();
    }

    /** Four ~1 MP synthetic photos, shared by the parameterised cases below. */
    private static final int SYN_W = 1280;
    private static final int SYN_H = 800;
    private static final List<int[]> SYNTHETIC = List.of(2L, 3L, 5L, 8L).stream()
            .map(seed -> SyntheticPhotos.rgb(SYN_W, SYN_H, seed))
            .toList();

    /**
     * Full-size images: hashing the rotated/flipped pixels lands within a few bits of the variant
     * derived from the original. Not exact, because even box windows and the sampling grid are
     * not mirror-symmetric; observed 0-10 bits at this size. (Small images drift further - up to
     * ~30 bits at 160x120 - since the grid offset is then a large fraction of a cell.)
     */
    @ParameterizedTest
    @EnumSource(Dihedral.class)
    void rotatingPixelsApproximatesVariantOnSyntheticPhotos(Dihedral d) {
        for (int[] pixels : SYNTHETIC) {
            PdqResult original = HASHER.hashRgb(pixels, SYN_W, SYN_H);
            assertTrue(original.quality() >= 90, "synthetic photo should be high quality");
            int bits = hashTransformed(pixels, SYN_W, SYN_H, d).hamming(original.variant(d));
            assertTrue(bits <= 12, d + ": " + bits + " bits");
        }
    }

    @Test
    void resultExposesAllEightVariants() {
        int w = 300;
        int h = 200;
        int[] pixels = SyntheticPhotos.rgb(w, h, 3);
        PdqResult r = HASHER.hashRgb(pixels, w, h);
        assertEquals(8, r.variants().size());
        assertEquals(r.hash(), r.variant(Dihedral.ORIGINAL));
        assertEquals(r.rot90(), r.variant(Dihedral.ROTATE_90));
        assertEquals(r.rot180(), r.variant(Dihedral.ROTATE_180));
        assertEquals(r.rot270(), r.variant(Dihedral.ROTATE_270));
        assertEquals(r.flipX(), r.variant(Dihedral.FLIP_X));
        assertEquals(r.flipY(), r.variant(Dihedral.FLIP_Y));
        assertEquals(r.flipPlusOne(), r.variant(Dihedral.FLIP_PLUS_1));
        assertEquals(r.flipMinusOne(), r.variant(Dihedral.FLIP_MINUS_1));
        assertEquals(0, r.minDihedralDistance(r.rot270()));
        // Distinct transforms of a generic image give unrelated hashes.
        assertTrue(r.hash().hamming(r.rot180()) > 64);
    }
}
