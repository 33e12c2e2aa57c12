package org.takedown.pdq;

/**
 * PDQ's blur-and-decimate step: image to 64x64 luminance.
 *
 * <p><b>Semantics</b> (bit-for-bit those of the reference): two rounds of a horizontal then a
 * vertical box filter, each a float running sum per line - add the entering sample, then subtract
 * the leaving one, divide by the number of samples in the clipped window - then point sampling at
 * {@code (int) ((i + 0.5) * dim / 64)}. ReferenceModel in the tests is the literal
 * transcription this class is checked against, bit for bit.
 *
 * <p><b>Organisation</b> (ours, for speed on Java 17's JIT; every output value still comes from
 * the same float operations in the same order):
 * <ul>
 *   <li>Horizontal passes are a serial dependency chain per row (the running sum), so several
 *       rows are filtered in one loop to give the CPU independent chains. In pass 1 the luminance
 *       of each entering pixel is computed inside that loop: the table lookups fill the slots the
 *       chains leave idle, roughly halving the cost of doing the two separately.
 *   <li>Vertical passes sweep down the image with one running sum per column, so their inner loop
 *       runs along a row and vectorises. Divisions are done in separate plain loops, which also
 *       vectorise (IEEE division cannot be replaced by a reciprocal multiply without changing
 *       bits) - except by a power of two, whose reciprocal is exact: the usual window of a 1-megapixel
 *       side (8) and every count of 1, 2, 4, 8 … are multiplications. C2 only vectorises loops whose
 *       arrays are all indexed by the bare loop variable,
 *       hence rows are separate {@code float[]}s rather than offsets into one buffer.
 *   <li>Only what is sampled is produced: pass 3 must run its chains across every column but only
 *       divides and keeps the 64 sampled ones, so pass 4 runs over 64 columns.
 *   <li>Pass 1 output is kept in a ring of rows, just enough for the window of the pass-2 sweep,
 *       so no full-size float buffer is allocated and the working set stays in cache.
 * </ul>
 *
 * <p>Public rather than package-private only because matching's {@code CropHashes} regroups these same box
 * filters per crop; nothing else should need them.
 */
public final class Downsampler {

    public static final int OUT = 64;

    /** Rows per fused luminance + pass-1 block (more chains spill registers and get slower). */
    private static final int RGB_LANES = 4;
    /** Rows per plain horizontal-chain block. */
    private static final int LANES = 8;

    private Downsampler() {
    }

    /** Window of one box pass along a dimension: {@code ceil(dim / 128)}. */
    public static int windowSize(int dimension) {
        return (dimension + 2 * OUT - 1) / (2 * OUT);
    }

    /** Index of the input sample for output cell {@code i}, computed in double as the reference. */
    public static int samplePoint(int i, int dimension) {
        return (int) (((i + 0.5) * dimension) / OUT);
    }

    /**
     * Downsamples packed RGB pixels, computing luminance with the reference's float expression
     * (read from {@code rg} and {@code b} tables holding its exact values; see PdqHasher).
     */
    static float[] fromRgb(int[] rgb, int width, int height, float[] rg, float[] b) {
        Line rows = new Line(width, windowSize(width));
        float[][] lumaRows = rows(RGB_LANES, width);
        Pass1 pass1 = (y, count, dst) -> {
            if (count == RGB_LANES) {
                rows.lumaRunningSums4(rgb, y * width, width, lumaRows, dst, rg, b);
            } else { // the last few rows of the image
                for (int k = 0; k < count; k++) {
                    rows.lumaRunningSums(rgb, (y + k) * width, lumaRows[k], dst[k], rg, b);
                }
            }
            for (int k = 0; k < count; k++) {
                rows.divide(dst[k]);
            }
        };
        return downsample(pass1, RGB_LANES, rows, width, height);
    }

    /** Downsamples a row-major luminance image. */
    static float[] fromLuma(float[] luma, int width, int height) {
        Line rows = new Line(width, windowSize(width));
        float[][] in = rows(LANES, width);
        Pass1 pass1 = (y, count, dst) -> {
            for (int k = 0; k < count; k++) {
                System.arraycopy(luma, (y + k) * width, in[k], 0, width);
            }
            rows.runningSums(in, dst, count);
            for (int k = 0; k < count; k++) {
                rows.divide(dst[k]);
            }
        };
        return downsample(pass1, LANES, rows, width, height);
    }

    /** Writes pass-1 output (divided) for rows {@code y .. y + count - 1} into {@code dst[0..]}. */
    private interface Pass1 {
        void produce(int y, int count, float[][] dst);
    }

    private static float[] downsample(Pass1 pass1, int block, Line rowLine, int width, int height) {
        Line colLine = new Line(height, windowSize(height));
        int[] sampleX = samplePoints(width);
        int[] sampleY = samplePoints(height);

        // Pass 1 rows live in a ring: the pass-2 sweep only needs rows from the one leaving its
        // window to the one entering it, plus one block of look-ahead.
        Ring ring = new Ring(pass1, block, width, height, colLine.window() + block);

        // Pass 2 (vertical) one output row at a time into a block of LANES rows; then pass 3
        // (horizontal) over the block, keeping only the sampled columns.
        float[][] pass3 = new float[height][OUT];
        float[] colSums = new float[width];
        float[][] pass2 = rows(LANES, width);
        float[][] sums = rows(LANES, width);
        for (int k = 0; k < colLine.right; k++) {
            colLine.add(colSums, ring.row(k));
        }
        for (int y = 0; y < height; y++) {
            int entering = y + colLine.right;
            int leaving = y - colLine.left - 1;
            colLine.sweepStep(colSums,
                    entering < height ? ring.row(entering) : null,
                    leaving >= 0 ? ring.row(leaving) : null,
                    colLine.count[y], pass2[y % LANES]);
            if (y % LANES == LANES - 1 || y == height - 1) {
                int first = y - y % LANES;
                int count = y - first + 1;
                rowLine.runningSums(pass2, sums, count);
                for (int r = 0; r < count; r++) {
                    float[] s = sums[r];
                    float[] out = pass3[first + r];
                    for (int j = 0; j < OUT; j++) {
                        out[j] = s[sampleX[j]] / rowLine.count[sampleX[j]];
                    }
                }
            }
        }

        // Pass 4 (vertical) over the 64 sampled columns, keeping only the sampled rows.
        float[] out = new float[OUT * OUT];
        float[] rowOut = new float[OUT];
        float[] sums4 = new float[OUT];
        for (int k = 0; k < colLine.right; k++) {
            colLine.add(sums4, pass3[k]);
        }
        int next = 0; // next output row to fill; sample rows are non-decreasing
        for (int y = 0; y < height && next < OUT; y++) {
            int entering = y + colLine.right;
            int leaving = y - colLine.left - 1;
            colLine.sweepStep(sums4,
                    entering < height ? pass3[entering] : null,
                    leaving >= 0 ? pass3[leaving] : null,
                    colLine.count[y], rowOut);
            while (next < OUT && sampleY[next] == y) {
                System.arraycopy(rowOut, 0, out, next * OUT, OUT);
                next++;
            }
        }
        return out;
    }

    /**
     * Row buffers for {@code count} rows of {@code width}, each a little longer than the last.
     * Several rows are walked in lock-step; with power-of-two widths, equal-length arrays laid out
     * back to back would all map to the same L1 cache sets and 4K-alias each other's loads and
     * stores (measured: 1024x1024 ran ~12% slower per pixel than 1000x1000). Loops use the image
     * width, never the array length, so the padding is never read.
     */
    public static float[][] rows(int count, int width) {
        float[][] rows = new float[count][];
        for (int k = 0; k < count; k++) {
            rows[k] = new float[width + 16 * (k % 8 + 1)];
        }
        return rows;
    }

    private static int[] samplePoints(int dimension) {
        int[] p = new int[OUT];
        for (int i = 0; i < OUT; i++) {
            p[i] = samplePoint(i, dimension);
        }
        return p;
    }

    /** Pass-1 rows computed lazily, a block at a time, into a ring of row arrays. */
    private static final class Ring {
        private final Pass1 pass1;
        private final int block;
        private final int height;
        private final float[][] rows;
        private final float[][] staging;
        private int produced;

        Ring(Pass1 pass1, int block, int width, int height, int capacity) {
            this.pass1 = pass1;
            this.block = block;
            this.height = height;
            this.rows = Downsampler.rows(Math.min(capacity, height), width);
            this.staging = new float[block][];
        }

        /**
         * Pass-1 row {@code y}, computing rows up to it if needed. Stays valid until a row more
         * than {@code capacity - block} beyond it is requested.
         */
        float[] row(int y) {
            while (produced <= y) {
                int count = Math.min(block, height - produced);
                for (int k = 0; k < count; k++) {
                    staging[k] = rows[(produced + k) % rows.length];
                }
                pass1.produce(produced, count, staging);
                produced += count;
            }
            return rows[y % rows.length];
        }
    }

    /**
     * Box filter geometry along one dimension of length {@code n}: the window for output {@code o}
     * is {@code [o - left, o + right]} clipped to {@code [0, n)}, with
     * {@code right = (window + 2) / 2 - 1}, so even windows lean right as in the reference.
     */
    public static final class Line {
        final int n;
        public final int left;
        public final int right;
        /** Number of samples in each clipped window, as float since that is what we divide by. */
        public final float[] count;

        /** Outputs {@code [fullFrom, fullTo)} have the whole window inside the line: their count is the window. */
        final int fullFrom;
        final int fullTo;

        public Line(int n, int window) {
            this.n = n;
            this.right = (window + 2) / 2 - 1;
            this.left = window - 1 - right;
            this.count = new float[n];
            for (int o = 0; o < n; o++) {
                count[o] = Math.min(o + right, n - 1) - Math.max(o - left, 0) + 1;
            }
            this.fullFrom = Math.min(left, n);
            this.fullTo = Math.max(fullFrom, n - right);
        }

        /**
         * Whether dividing by {@code c} (a window count) may be done as a multiplication by {@code 1 / c}: exactly
         * when {@code c} is a power of two, since then {@code 1 / c} is exact and both give the correctly rounded
         * {@code x / c} (vector multiplications are several times cheaper than divisions).
         */
        static boolean exactReciprocal(float c) {
            int i = (int) c;
            return i == c && i > 0 && (i & (i - 1)) == 0;
        }

        int window() {
            return left + right + 1;
        }

        /** {@code row[x] /= count[x]}: turns window sums into means. */
        public void divide(float[] row) {
            float[] c = count;
            for (int x = 0; x < fullFrom; x++) {
                row[x] = row[x] / c[x];
            }
            float window = left + right + 1;
            if (exactReciprocal(window)) {
                float inverse = 1f / window;
                for (int x = fullFrom; x < fullTo; x++) {
                    row[x] = row[x] * inverse;
                }
            } else {
                for (int x = fullFrom; x < fullTo; x++) {
                    row[x] = row[x] / window;
                }
            }
            for (int x = fullTo; x < n; x++) {
                row[x] = row[x] / c[x];
            }
        }

        /** Adds a row into column sums (priming a vertical sweep). */
        public void add(float[] sums, float[] row) {
            for (int x = 0; x < sums.length; x++) {
                sums[x] += row[x];
            }
        }

        /**
         * One step of a vertical sweep: add the entering row, subtract the leaving one (either may
         * be null at the image edges), and write {@code sums / c} to {@code out}.
         */
        public void sweepStep(float[] sums, float[] entering, float[] leaving, float c, float[] out) {
            int w = sums.length;
            if (exactReciprocal(c)) {
                sweepStepScaled(sums, entering, leaving, 1f / c, out);
                return;
            }
            if (entering != null && leaving != null) {
                for (int x = 0; x < w; x++) {
                    float s = (sums[x] + entering[x]) - leaving[x];
                    sums[x] = s;
                    out[x] = s / c;
                }
            } else if (entering != null) {
                for (int x = 0; x < w; x++) {
                    float s = sums[x] + entering[x];
                    sums[x] = s;
                    out[x] = s / c;
                }
            } else {
                for (int x = 0; x < w; x++) {
                    float s = sums[x] - leaving[x];
                    sums[x] = s;
                    out[x] = s / c;
                }
            }
        }

        /** {@link #sweepStep} for a count whose reciprocal {@code inverse} is exact: multiplies instead of dividing. */
        private static void sweepStepScaled(float[] sums, float[] entering, float[] leaving, float inverse, float[] out) {
            int w = sums.length;
            if (entering != null && leaving != null) {
                for (int x = 0; x < w; x++) {
                    float s = (sums[x] + entering[x]) - leaving[x];
                    sums[x] = s;
                    out[x] = s * inverse;
                }
            } else if (entering != null) {
                for (int x = 0; x < w; x++) {
                    float s = sums[x] + entering[x];
                    sums[x] = s;
                    out[x] = s * inverse;
                }
            } else {
                for (int x = 0; x < w; x++) {
                    float s = sums[x] - leaving[x];
                    sums[x] = s;
                    out[x] = s * inverse;
                }
            }
        }

        /**
         * Running window sums (not yet divided) along {@code count} (1..8) rows {@code in[k]} into
         * {@code out[k]}: eight independent chains per loop. Missing lanes alias the last real
         * row; they recompute its values and rewrite them unchanged, keeping the loop branch-free.
         */
        public void runningSums(float[][] in, float[][] out, int count) {
            float[] a0 = in[0];
            float[] a1 = in[Math.min(1, count - 1)];
            float[] a2 = in[Math.min(2, count - 1)];
            float[] a3 = in[Math.min(3, count - 1)];
            float[] a4 = in[Math.min(4, count - 1)];
            float[] a5 = in[Math.min(5, count - 1)];
            float[] a6 = in[Math.min(6, count - 1)];
            float[] a7 = in[Math.min(7, count - 1)];
            float[] o0 = out[0];
            float[] o1 = out[Math.min(1, count - 1)];
            float[] o2 = out[Math.min(2, count - 1)];
            float[] o3 = out[Math.min(3, count - 1)];
            float[] o4 = out[Math.min(4, count - 1)];
            float[] o5 = out[Math.min(5, count - 1)];
            float[] o6 = out[Math.min(6, count - 1)];
            float[] o7 = out[Math.min(7, count - 1)];
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            float s4 = 0f;
            float s5 = 0f;
            float s6 = 0f;
            float s7 = 0f;
            for (int k = 0; k < right; k++) {
                s0 += a0[k];
                s1 += a1[k];
                s2 += a2[k];
                s3 += a3[k];
                s4 += a4[k];
                s5 += a5[k];
                s6 += a6[k];
                s7 += a7[k];
            }
            int o = 0;
            // Growing windows: nothing leaves yet.
            for (; o <= left; o++) {
                int e = o + right;
                o0[o] = s0 += a0[e];
                o1[o] = s1 += a1[e];
                o2[o] = s2 += a2[e];
                o3[o] = s3 += a3[e];
                o4[o] = s4 += a4[e];
                o5[o] = s5 += a5[e];
                o6[o] = s6 += a6[e];
                o7[o] = s7 += a7[e];
            }
            // Full windows: one sample enters, then one leaves.
            for (; o < n - right; o++) {
                int e = o + right;
                int l = o - left - 1;
                o0[o] = s0 = (s0 + a0[e]) - a0[l];
                o1[o] = s1 = (s1 + a1[e]) - a1[l];
                o2[o] = s2 = (s2 + a2[e]) - a2[l];
                o3[o] = s3 = (s3 + a3[e]) - a3[l];
                o4[o] = s4 = (s4 + a4[e]) - a4[l];
                o5[o] = s5 = (s5 + a5[e]) - a5[l];
                o6[o] = s6 = (s6 + a6[e]) - a6[l];
                o7[o] = s7 = (s7 + a7[e]) - a7[l];
            }
            // Shrinking windows at the end: samples only leave.
            for (; o < n; o++) {
                int l = o - left - 1;
                o0[o] = s0 -= a0[l];
                o1[o] = s1 -= a1[l];
                o2[o] = s2 -= a2[l];
                o3[o] = s3 -= a3[l];
                o4[o] = s4 -= a4[l];
                o5[o] = s5 -= a5[l];
                o6[o] = s6 -= a6[l];
                o7[o] = s7 -= a7[l];
            }
        }

        /**
         * Pass 1 for four consecutive image rows starting at {@code base} ({@code stride} apart):
         * luminance of each pixel as it enters the window (kept in {@code luma[k]} for when it
         * leaves), running sums into {@code out[k]}.
         */
        void lumaRunningSums4(int[] rgb, int base, int stride, float[][] luma, float[][] out,
                              float[] rg, float[] b) {
            int b0 = base;
            int b1 = base + stride;
            int b2 = base + 2 * stride;
            int b3 = base + 3 * stride;
            float[] l0 = luma[0];
            float[] l1 = luma[1];
            float[] l2 = luma[2];
            float[] l3 = luma[3];
            float[] o0 = out[0];
            float[] o1 = out[1];
            float[] o2 = out[2];
            float[] o3 = out[3];
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int k = 0; k < right; k++) {
                s0 += l0[k] = luma(rgb[b0 + k], rg, b);
                s1 += l1[k] = luma(rgb[b1 + k], rg, b);
                s2 += l2[k] = luma(rgb[b2 + k], rg, b);
                s3 += l3[k] = luma(rgb[b3 + k], rg, b);
            }
            int o = 0;
            for (; o <= left; o++) {
                int e = o + right;
                o0[o] = s0 += l0[e] = luma(rgb[b0 + e], rg, b);
                o1[o] = s1 += l1[e] = luma(rgb[b1 + e], rg, b);
                o2[o] = s2 += l2[e] = luma(rgb[b2 + e], rg, b);
                o3[o] = s3 += l3[e] = luma(rgb[b3 + e], rg, b);
            }
            for (; o < n - right; o++) {
                int e = o + right;
                int l = o - left - 1;
                o0[o] = s0 = (s0 + (l0[e] = luma(rgb[b0 + e], rg, b))) - l0[l];
                o1[o] = s1 = (s1 + (l1[e] = luma(rgb[b1 + e], rg, b))) - l1[l];
                o2[o] = s2 = (s2 + (l2[e] = luma(rgb[b2 + e], rg, b))) - l2[l];
                o3[o] = s3 = (s3 + (l3[e] = luma(rgb[b3 + e], rg, b))) - l3[l];
            }
            for (; o < n; o++) {
                int l = o - left - 1;
                o0[o] = s0 -= l0[l];
                o1[o] = s1 -= l1[l];
                o2[o] = s2 -= l2[l];
                o3[o] = s3 -= l3[l];
            }
        }

        /** Single-row version of {@link #lumaRunningSums4}, for the last rows of an image. */
        void lumaRunningSums(int[] rgb, int base, float[] luma, float[] out, float[] rg, float[] b) {
            float s = 0f;
            for (int k = 0; k < right; k++) {
                s += luma[k] = luma(rgb[base + k], rg, b);
            }
            int o = 0;
            for (; o <= left; o++) {
                int e = o + right;
                out[o] = s += luma[e] = luma(rgb[base + e], rg, b);
            }
            for (; o < n - right; o++) {
                int e = o + right;
                out[o] = s = (s + (luma[e] = luma(rgb[base + e], rg, b))) - luma[o - left - 1];
            }
            for (; o < n; o++) {
                out[o] = s -= luma[o - left - 1];
            }
        }

        private static float luma(int p, float[] rg, float[] b) {
            return rg[(p >>> 8) & 0xffff] + b[p & 0xff];
        }
    }
}
