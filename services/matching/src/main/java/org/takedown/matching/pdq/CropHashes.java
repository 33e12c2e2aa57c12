package org.takedown.matching.pdq;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PDQ hashes of slightly cropped views of a query image, so that a data set copy that was
 * cropped by a few percent per side is still found: PDQ alone moves 12-56 bits on real photos at a
 * 1 % crop per side, past the 31-bit threshold, because the crop rescales and shifts the content
 * under PDQ's fixed 64x64 grid. Hashing the query cropped by the same amounts undoes that.
 *
 * <p>The query is first shrunk (box filter) to at most {@value #WORKING_SIDE} pixels on its long
 * side, which leaves PDQ's 64x64 downsample nearly unchanged and makes each crop cheap to hash;
 * then every combination of the per-side fractions in {@link #FRACTIONS} is cut and hashed
 * (1,296 crops by default, duplicates at pixel level dropped). The data set side is unchanged:
 * one PDQ hash per item, in the release's exact {@link PdqIndex}.
 */
public final class CropHashes {

    /** Fractions cut off each side: 0 to 5 % in steps of 1 %. */
    public static final double[] FRACTIONS = {0, 0.01, 0.02, 0.03, 0.04, 0.05};
    public static final int WORKING_SIDE = 256;

    /** One cropped view: the fractions cut off (left, top, right, bottom) and its hash. */
    public record Crop(double left, double top, double right, double bottom, PdqResult pdq) {
        public String describe() {
            return String.format(java.util.Locale.ROOT, "crop l%.0f%% t%.0f%% r%.0f%% b%.0f%%",
                    100 * left, 100 * top, 100 * right, 100 * bottom);
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
        List<Crop> crops = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (double l : fractions) {
            for (double r : fractions) {
                int x0 = (int) Math.round(w * l);
                int x1 = w - (int) Math.round(w * r);
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
                        int cw = x1 - x0;
                        int ch = y1 - y0;
                        int[] pixels = new int[cw * ch];
                        for (int y = 0; y < ch; y++) {
                            System.arraycopy(small.pixels(), (y0 + y) * w + x0, pixels, y * cw, cw);
                        }
                        crops.add(new Crop(l, t, r, b, hasher.hashRgb(pixels, cw, ch)));
                    }
                }
            }
        }
        return crops;
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
