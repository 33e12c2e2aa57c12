package org.takedown.matching.pdq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.Downsampler;
import org.takedown.pdq.PdqHasher;
import org.takedown.pdq.PdqResult;

/**
 * PDQ hashes of slightly cropped views of a query image, so that a data set copy that was
 * cropped by a few percent per side is still found: PDQ alone moves 12-56 bits on real photos at a
 * 1 % crop per side, past the 31-bit threshold, because the crop rescales and shifts the content
 * under PDQ's fixed 64x64 grid. Hashing the query cropped by the same amounts undoes that.
 *
 * <p>The query is first shrunk (box filter) to at most {@value #WORKING_SIDE} pixels on its long
 * side, which leaves PDQ's 64x64 downsample nearly unchanged, and converted to PDQ's luminance
 * once; then every combination of the per-side fractions in {@link #FRACTIONS} is hashed (624
 * crops by default, duplicates at pixel level dropped). The data set side is unchanged: one PDQ
 * hash per item, in the release's exact {@link PdqIndex}.
 *
 * <p><b>How the views are hashed cheaply.</b> PDQ's blur (box filters along rows and along
 * columns), its point sampling and its 2D DCT are all linear and separable, so they can be
 * regrouped: for each of the (at most 25) column ranges a crop can have, every row of the plane is
 * blurred horizontally, sampled at the 64 columns and transformed by the 16 horizontal DCT rows
 * once; a crop then only blurs, samples and transforms those 16 values per row vertically over its
 * row range (about 1/15 of a full hash). The arithmetic is the reference's, float, each sum in its
 * order, but regrouped (horizontal before vertical, DCT rows before the vertical blur), so a view's
 * hash can differ from {@link PdqHasher#hashLuma(float[], int, int, int, int, int) hashing the
 * cropped region} in the rare bit whose coefficient sits within rounding of the median
 * ({@code CropHashesTest} bounds it). The mirrored view is the {@link Dihedral#FLIP_Y} variant
 * derived from the DCT block, not a second hash of mirrored pixels. A view's quality is the one of
 * the whole working image: the views differ from it by a few percent of border only.
 */
public final class CropHashes {

    /**
     * Fractions cut off each side: 0 to 5 % in steps of 1.25 % (624 views). Steps of 1 % (1,295
     * views) found nothing more on the measurement set (CropSignalMeasurement: recall 149/150
     * synthetic, 34/50 real with these against 33/50, no false positives either way); steps of
     * 1.67 % (255 views) lost real crops. Each view costs two exact index lookups, which dominate
     * a match against a large release.
     */
    public static final double[] FRACTIONS = {0, 0.0125, 0.025, 0.0375, 0.05};
    public static final int WORKING_SIDE = 256;

    private static final int OUT = Downsampler.OUT;
    private static final int FREQ = 16;

    /** The 16x64 DCT basis transposed (64x16), so the inner loops run along frequencies. */
    private static final float[] BASIS_T = new float[OUT * FREQ];

    static {
        for (int i = 0; i < FREQ; i++) {
            for (int m = 0; m < OUT; m++) {
                BASIS_T[m * FREQ + i] = PdqHasher.dct(i, m);
            }
        }
    }

    /** One cropped view: the fractions cut off (left, top, right, bottom) and its hash. */
    public record Crop(double left, double top, double right, double bottom, PdqResult pdq) {
        public String describe() {
            return "crop l" + percent(left) + " t" + percent(top) + " r" + percent(right) + " b" + percent(bottom);
        }

        /** 0.0125 as "1.25%", 0.05 as "5%". */
        private static String percent(double fraction) {
            return java.math.BigDecimal.valueOf(Math.round(fraction * 10_000), 2).stripTrailingZeros().toPlainString() + "%";
        }
    }

    private final PdqHasher hasher = new PdqHasher();
    private final double[] fractions;

    public CropHashes() {
        this(FRACTIONS);
    }

    public CropHashes(double[] fractions) {
        this.fractions = fractions.clone();
    }

    /** Every cropped view but the uncropped one (that is the plain PDQ query). */
    public List<Crop> crops(PdqImages.RgbImage image) {
        PdqImages.RgbImage small = shrink(image, WORKING_SIDE);
        int w = small.width();
        int h = small.height();
        float[] plane = PdqHasher.luminance(small.pixels(), w, h);
        int quality = hasher.hashLuma(plane, w, h).quality();
        Map<Long, float[][]> spectra = new HashMap<>();
        float[][] scratch = new float[h][];
        List<Crop> crops = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        int[] y0s = new int[fractions.length * fractions.length];
        int[] y1s = new int[y0s.length];
        double[][] tb = new double[y0s.length][];
        for (double l : fractions) {
            for (double r : fractions) {
                int x0 = (int) Math.round(w * l);
                int x1 = w - (int) Math.round(w * r);
                int pending = 0; // crops of this column range, transformed together below
                for (double t : fractions) {
                    for (double b : fractions) {
                        int y0 = (int) Math.round(h * t);
                        int y1 = h - (int) Math.round(h * b);
                        if ((x0 == 0 && y0 == 0 && x1 == w && y1 == h) || x1 - x0 < 8 || y1 - y0 < 8) {
                            continue;
                        }
                        long key = ((long) x0 << 48) | ((long) y0 << 32) | ((long) x1 << 16) | y1;
                        if (!seen.add(key)) {
                            continue;
                        }
                        if (x1 - x0 == OUT && y1 - y0 == OUT) {
                            // PDQ skips the blur for exactly 64x64 input; let the hasher do that case.
                            crops.add(new Crop(l, t, r, b, hasher.hashLuma(plane, w, x0, y0, OUT, OUT)));
                            continue;
                        }
                        y0s[pending] = y0;
                        y1s[pending] = y1;
                        tb[pending++] = new double[] {t, b};
                    }
                }
                if (pending > 0) {
                    float[][] rows = spectra.computeIfAbsent(((long) x0 << 32) | x1,
                            k -> rowSpectra(plane, w, h, x0, x1));
                    float[][] blocks = columnTransforms(rows, y0s, y1s, pending, scratch);
                    for (int c = 0; c < pending; c++) {
                        crops.add(new Crop(l, tb[c][0], r, tb[c][1], PdqResult.ofDct(blocks[c], quality)));
                    }
                }
            }
        }
        return crops;
    }

    /**
     * For columns {@code [x0, x1)} of every row: the two horizontal box passes PDQ would apply to
     * an image that wide, sampling at its 64 column points, then the 16 horizontal DCT rows.
     * Row {@code y} of the result holds those 16 values.
     */
    static float[][] rowSpectra(float[] plane, int w, int h, int x0, int x1) {
        int cw = x1 - x0;
        Downsampler.Line line = new Downsampler.Line(cw, Downsampler.windowSize(cw));
        int[] sampleX = new int[OUT];
        for (int j = 0; j < OUT; j++) {
            sampleX[j] = Downsampler.samplePoint(j, cw);
        }
        int lanes = 8;
        float[][] in = Downsampler.rows(lanes, cw);
        float[][] tmp = Downsampler.rows(lanes, cw);
        float[][] out = new float[h][];
        for (int y = 0; y < h; y += lanes) {
            int count = Math.min(lanes, h - y);
            for (int k = 0; k < count; k++) {
                System.arraycopy(plane, (y + k) * w + x0, in[k], 0, cw);
            }
            line.runningSums(in, tmp, count);
            for (int k = 0; k < count; k++) {
                line.divide(tmp[k]);
            }
            line.runningSums(tmp, in, count);
            for (int k = 0; k < count; k++) {
                line.divide(in[k]);
                float[] row = in[k];
                float[] acc = new float[FREQ];
                for (int m = 0; m < OUT; m++) {
                    float v = row[sampleX[m]];
                    int base = m * FREQ;
                    for (int i = 0; i < FREQ; i++) {
                        acc[i] += BASIS_T[base + i] * v;
                    }
                }
                out[y + k] = acc;
            }
        }
        return out;
    }

    /**
     * For crops {@code c < n} of one column range, rows {@code [y0s[c], y1s[c])} of its row spectra:
     * the two vertical box passes, sampling at the 64 row points, and the 16 vertical DCT rows. Each
     * result is PDQ's 16x16 coefficient block of that crop, row-major by vertical frequency. The DCT
     * runs over all crops at once, so its inner loop is long enough for the JIT to vectorise; each
     * coefficient is still summed over the 64 samples in order.
     */
    static float[][] columnTransforms(float[][] rows, int[] y0s, int[] y1s, int n, float[][] scratch) {
        int width = n * FREQ;
        float[][] sampled = new float[OUT][width];
        float[] sums = new float[FREQ];
        float[] rowOut = new float[FREQ];
        int[] sampleY = new int[OUT];
        for (int c = 0; c < n; c++) {
            int y0 = y0s[c];
            int ch = y1s[c] - y0;
            Downsampler.Line col = new Downsampler.Line(ch, Downsampler.windowSize(ch));
            for (int m = 0; m < OUT; m++) {
                sampleY[m] = Downsampler.samplePoint(m, ch);
            }
            // First vertical pass into scratch rows.
            java.util.Arrays.fill(sums, 0f);
            for (int k = 0; k < col.right; k++) {
                col.add(sums, rows[y0 + k]);
            }
            for (int y = 0; y < ch; y++) {
                if (scratch[y] == null) {
                    scratch[y] = new float[FREQ];
                }
                int entering = y + col.right;
                int leaving = y - col.left - 1;
                col.sweepStep(sums, entering < ch ? rows[y0 + entering] : null,
                        leaving >= 0 ? rows[y0 + leaving] : null, col.count[y], scratch[y]);
            }
            // Second vertical pass, keeping only the sampled rows.
            java.util.Arrays.fill(sums, 0f);
            for (int k = 0; k < col.right; k++) {
                col.add(sums, scratch[k]);
            }
            int next = 0;
            for (int y = 0; y < ch && next < OUT; y++) {
                int entering = y + col.right;
                int leaving = y - col.left - 1;
                col.sweepStep(sums, entering < ch ? scratch[entering] : null,
                        leaving >= 0 ? scratch[leaving] : null, col.count[y], rowOut);
                while (next < OUT && sampleY[next] == y) {
                    System.arraycopy(rowOut, 0, sampled[next++], c * FREQ, FREQ);
                }
            }
        }
        // Vertical DCT: block[i][j] = sum over m of basis[i][m] * sampled[m][j], m in order.
        float[][] acc = new float[FREQ][width];
        for (int i = 0; i < FREQ; i++) {
            float[] a = acc[i];
            for (int m = 0; m < OUT; m++) {
                float d = BASIS_T[m * FREQ + i];
                float[] s = sampled[m];
                for (int q = 0; q < width; q++) {
                    a[q] += d * s[q];
                }
            }
        }
        float[][] blocks = new float[n][FREQ * FREQ];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < FREQ; i++) {
                System.arraycopy(acc[i], c * FREQ, blocks[c], i * FREQ, FREQ);
            }
        }
        return blocks;
    }

    /** Area-average shrink so that the long side is at most {@code maxSide}; smaller images are returned as they are. */
    static PdqImages.RgbImage shrink(PdqImages.RgbImage image, int maxSide) {
        int w = image.width();
        int h = image.height();
        int longSide = Math.max(w, h);
        if (longSide <= maxSide) {
            return image;
        }
        int ow = Math.max(1, (int) Math.round((double) w * maxSide / longSide));
        int oh = Math.max(1, (int) Math.round((double) h * maxSide / longSide));
        int[] src = image.pixels();
        int[] out = new int[ow * oh];
        for (int oy = 0; oy < oh; oy++) {
            int sy0 = (int) ((long) oy * h / oh);
            int sy1 = Math.max(sy0 + 1, (int) ((long) (oy + 1) * h / oh));
            for (int ox = 0; ox < ow; ox++) {
                int sx0 = (int) ((long) ox * w / ow);
                int sx1 = Math.max(sx0 + 1, (int) ((long) (ox + 1) * w / ow));
                long rs = 0;
                long gs = 0;
                long bs = 0;
                for (int sy = sy0; sy < sy1; sy++) {
                    int row = sy * w;
                    for (int sx = sx0; sx < sx1; sx++) {
                        int p = src[row + sx];
                        rs += (p >>> 16) & 0xFF;
                        gs += (p >>> 8) & 0xFF;
                        bs += p & 0xFF;
                    }
                }
                long n = (long) (sy1 - sy0) * (sx1 - sx0);
                out[oy * ow + ox] = (int) ((rs + n / 2) / n) << 16 | (int) ((gs + n / 2) / n) << 8 | (int) ((bs + n / 2) / n);
            }
        }
        return new PdqImages.RgbImage(out, ow, oh);
    }
}
