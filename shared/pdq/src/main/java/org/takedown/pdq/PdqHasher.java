package org.takedown.pdq;

import java.util.Arrays;

/**
 * Computes PDQ hashes (Meta's 256-bit perceptual image hash) from decoded pixels.
 *
 * <p>The goal is bit-for-bit agreement with the reference implementation in facebook/ThreatExchange
 * {@code pdq/cpp} and {@code pdq/java} given the same decoded pixels. Every floating-point step
 * therefore uses the reference's precision and operation order, even where double precision or a
 * cleverer formulation would be "better": a different rounding moves coefficients that sit near the
 * median across it and flips bits. The pipeline is
 *
 * <ol>
 *   <li>luminance {@code 0.299 R + 0.587 G + 0.114 B} in float;
 *   <li>two rounds of (horizontal box filter, vertical box filter) - Jarosz's approximation of a
 *       tent filter - with window sizes {@code ceil(dimension / 128)};
 *   <li>point sampling of the blurred image at the centres of a 64x64 grid;
 *   <li>the quality score from the gradients of that 64x64 image;
 *   <li>the 16x16 lowest non-DC frequencies of a 2D DCT-II of it;
 *   <li>one bit per coefficient: set if strictly greater than the median.
 * </ol>
 *
 * <p>Pure Java on pixel arrays (no {@code java.awt}): the same code runs in the services and, compiled by TeaVM
 * ({@code shared/pdq-js}), in the claimant's browser. Decoding files is the caller's business (matching's
 * {@code PdqImages}; the browser's canvas).
 *
 * <p>Instances are stateless and thread-safe; the DCT matrix is shared.
 */
public final class PdqHasher {

    // Float, not double: the reference declares these as float constants and multiplies in float.
    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    /**
     * {@code LUMA_R * r + LUMA_G * g} in float for every (r, g), indexed by {@code r << 8 | g}, and
     * {@code LUMA_B * b}. Looking the exact products up is faster than computing them: Java 17's
     * JIT does not vectorise int-to-float conversion, so per-pixel arithmetic stays scalar anyway.
     */
    static final float[] LUMA_RG = new float[1 << 16];
    static final float[] LUMA_B_TABLE = new float[256];

    static {
        for (int r = 0; r < 256; r++) {
            for (int g = 0; g < 256; g++) {
                LUMA_RG[r << 8 | g] = LUMA_R * r + LUMA_G * g;
            }
        }
        for (int v = 0; v < 256; v++) {
            LUMA_B_TABLE[v] = LUMA_B * v;
        }
    }

    /** Images smaller than this in either dimension get the zero hash and quality 0 (as in C++). */
    static final int MIN_HASHABLE_DIM = 5;

    private static final int DOWNSAMPLED = 64;
    private static final int DCT_SIZE = 16;

    /**
     * Rows of the DCT-II basis for frequencies 1..16 over 64 samples, row-major 16x64, each entry
     * {@code (float) (sqrt(2/64) as float * cos(pi / 128 * (i + 1) * (2j + 1)))}. The scale factor
     * is rounded to float before the multiply and the product is rounded once, as in the reference;
     * StrictMath keeps the cosines identical on every JVM.
     */
    private static final float[] DCT_MATRIX = buildDctMatrix();

    private static float[] buildDctMatrix() {
        float scale = (float) StrictMath.sqrt(2.0 / DOWNSAMPLED);
        float[] d = new float[DCT_SIZE * DOWNSAMPLED];
        for (int i = 0; i < DCT_SIZE; i++) {
            for (int j = 0; j < DOWNSAMPLED; j++) {
                d[i * DOWNSAMPLED + j] =
                        (float) (scale * StrictMath.cos((Math.PI / 2 / DOWNSAMPLED) * (i + 1) * (2 * j + 1)));
            }
        }
        return d;
    }

    /**
     * Hashes packed {@code 0x??RRGGBB} pixels in row-major order (the layout of
     * {@code BufferedImage.getRGB}); the top byte (alpha) is ignored, as in the reference, which
     * neither composites nor premultiplies. The array is not modified.
     */
    public PdqResult hashRgb(int[] rgb, int width, int height) {
        checkDimensions(rgb.length, width, height);
        if (tooSmall(width, height)) {
            return PdqResult.degenerate();
        }
        float[] small;
        if (width == DOWNSAMPLED && height == DOWNSAMPLED) {
            // The C++ reference skips the blur for input that is already 64x64 (e.g. video frames
            // ffmpeg has downscaled), and so do we. That differs from blurring: a width-1 box
            // filter still runs its float running sum, which can change the last bit.
            small = new float[DOWNSAMPLED * DOWNSAMPLED];
            luma(rgb, small, small.length);
        } else {
            small = Downsampler.fromRgb(rgb, width, height, LUMA_RG, LUMA_B_TABLE);
        }
        return finish(small);
    }

    /**
     * Hashes a row-major luminance image (values nominally 0..255, computed however the caller
     * likes). The array is not modified.
     */
    public PdqResult hashLuma(float[] luma, int width, int height) {
        checkDimensions(luma.length, width, height);
        if (tooSmall(width, height)) {
            return PdqResult.degenerate();
        }
        float[] small = width == DOWNSAMPLED && height == DOWNSAMPLED
                ? Arrays.copyOf(luma, DOWNSAMPLED * DOWNSAMPLED)
                : Downsampler.fromLuma(luma, width, height);
        return finish(small);
    }

    /**
     * Hashes the {@code width x height} region at ({@code x0}, {@code y0}) of a row-major luminance
     * plane {@code stride} values wide: the same hash as {@link #hashLuma(float[], int, int)} of
     * that region copied out, and (for a plane from {@link #luminance}) as {@link #hashRgb} of the
     * same region of the RGB image. The plane is not modified.
     */
    public PdqResult hashLuma(float[] plane, int stride, int x0, int y0, int width, int height) {
        if (x0 < 0 || y0 < 0 || width <= 0 || height <= 0 || x0 + width > stride
                || (long) (y0 + height) * stride > plane.length) {
            throw new IllegalArgumentException("region " + width + "x" + height + " at " + x0 + "," + y0
                    + " outside a plane of " + plane.length + " values, " + stride + " wide");
        }
        float[] region = new float[width * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(plane, (y0 + y) * stride + x0, region, y * width, width);
        }
        return hashLuma(region, width, height);
    }

    /**
     * The luminance plane PDQ hashes for packed RGB pixels, row-major: exactly the float values the
     * RGB entry points compute internally, so hashing it (or regions of it) with
     * {@link #hashLuma} gives the same hashes as hashing the pixels. Lets a caller that hashes many
     * regions of one image convert it once.
     */
    public static float[] luminance(int[] rgb, int width, int height) {
        checkDimensions(rgb.length, width, height);
        float[] plane = new float[width * height];
        luma(rgb, plane, plane.length);
        return plane;
    }

    /** Row {@code i} (frequency i + 1) of the 16x64 DCT basis, entry {@code j}: for matching's crop views. */
    public static float dct(int i, int j) {
        return DCT_MATRIX[i * DOWNSAMPLED + j];
    }

    /**
     * Luminance {@code (R*r + G*g) + B*b}, every product and sum rounded to float as in the
     * reference, read from tables holding exactly those values. (The downsampler inlines the same
     * lookups; this plain version serves the 64x64 path and the tests.)
     */
    static void luma(int[] rgb, float[] dst, int n) {
        for (int i = 0; i < n; i++) {
            int p = rgb[i];
            dst[i] = LUMA_RG[(p >>> 8) & 0xffff] + LUMA_B_TABLE[p & 0xff];
        }
    }

    private static void checkDimensions(int length, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("empty image: " + width + "x" + height);
        }
        if ((long) width * height > length) {
            throw new IllegalArgumentException(
                    "pixel array of " + length + " too short for " + width + "x" + height);
        }
    }

    /** The reference returns the zero hash with quality 0 below 5 pixels in either direction. */
    private static boolean tooSmall(int width, int height) {
        return width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM;
    }

    private static PdqResult finish(float[] small) {
        return new PdqResult(dct64To16(small), quality(small));
    }

    // ---------------------------------------------------------------------------------------------
    // Quality, DCT, threshold

    /**
     * The reference's heuristic: sum of truncated absolute gradients (in percent of full scale)
     * between vertical and horizontal neighbours, divided by 90, capped at 100.
     */
    static int quality(float[] small) {
        int gradientSum = 0;
        for (int i = 0; i < DOWNSAMPLED - 1; i++) {
            for (int j = 0; j < DOWNSAMPLED; j++) {
                gradientSum += Math.abs(percentStep(small[i * DOWNSAMPLED + j], small[(i + 1) * DOWNSAMPLED + j]));
            }
        }
        for (int i = 0; i < DOWNSAMPLED; i++) {
            for (int j = 0; j < DOWNSAMPLED - 1; j++) {
                gradientSum += Math.abs(percentStep(small[i * DOWNSAMPLED + j], small[i * DOWNSAMPLED + j + 1]));
            }
        }
        return Math.min(gradientSum / 90, 100);
    }

    /** {@code (int) ((u - v) * 100 / 255)} in float, truncating toward zero before the abs. */
    private static int percentStep(float u, float v) {
        return (int) (((u - v) * 100) / 255);
    }

    /**
     * {@code D A D^T} for the 16x64 basis D, computed as the reference does: first {@code T = D A}
     * (16x64), then {@code T D^T}, each dot product accumulated in float in index order.
     */
    static float[] dct64To16(float[] a) {
        float[] d = DCT_MATRIX;
        float[] t = new float[DCT_SIZE * DOWNSAMPLED];
        for (int i = 0; i < DCT_SIZE; i++) {
            for (int j = 0; j < DOWNSAMPLED; j++) {
                float sum = 0f;
                for (int k = 0; k < DOWNSAMPLED; k++) {
                    sum += d[i * DOWNSAMPLED + k] * a[k * DOWNSAMPLED + j];
                }
                t[i * DOWNSAMPLED + j] = sum;
            }
        }
        float[] b = new float[DCT_SIZE * DCT_SIZE];
        for (int i = 0; i < DCT_SIZE; i++) {
            for (int j = 0; j < DCT_SIZE; j++) {
                float sum = 0f;
                for (int k = 0; k < DOWNSAMPLED; k++) {
                    sum += t[i * DOWNSAMPLED + k] * d[j * DOWNSAMPLED + k];
                }
                b[i * DCT_SIZE + j] = sum;
            }
        }
        return b;
    }

    /**
     * One bit per coefficient, set when strictly above the median.
     *
     * <p>The reference finds the median with Torben's bisection method, which for 256 values
     * returns the 128th smallest (the lower median, always one of the inputs). Selecting the
     * element of rank 127 in a copy (quickselect; a sort costs several times more, which matters for
     * the ~1,300 crop views of a query) yields the same value; -0.0 versus 0.0 is harmless as the
     * two compare equal in the {@code >} test.
     */
    static PdqHash threshold(float[] dct16x16) {
        float median = select(dct16x16.clone(), 127);
        boolean[] bits = new boolean[PdqHash.BITS];
        for (int k = 0; k < PdqHash.BITS; k++) {
            bits[k] = dct16x16[k] > median;
        }
        return PdqHash.fromBits(bits);
    }

    /** The value of rank {@code k} (0-based) in {@code a}, which is reordered: Hoare quickselect. */
    static float select(float[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            // Now a[lo..j] <= pivot <= a[i..hi], and everything strictly between equals the pivot.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
