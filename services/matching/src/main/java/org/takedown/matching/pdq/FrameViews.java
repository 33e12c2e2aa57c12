package org.takedown.matching.pdq;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.takedown.pdq.PdqHasher;
import org.takedown.pdq.PdqResult;

/**
 * The views of an image that data sets frame differently from the photo a claimant holds, each
 * PDQ-hashed: the content inside uniform borders, the centred square, and centred crops to common
 * aspect ratios.
 *
 * <p>Why: img2dataset, which made LAION's webdataset shards, stores a photo by default as
 * {@code border} (shrunk and padded to a square with a constant colour) or as {@code center_crop}
 * (the middle square); screenshots and video stills carry letterbox bars. PDQ of a padded square or
 * of the middle square is unrelated to PDQ of the photo (0 of 23 real photos found either way), but
 * PDQ of the <em>same region</em> at the same scale is close. So both sides reframe:
 * <ul>
 *   <li>a data set item stores, beside its own hash, up to four more ({@link #itemViews}), cut from a
 *       copy {@value #ITEM_SCALE} pixels on its short side: that copy itself, its
 *       {@linkplain Frame#CONTENT content box} when it has borders, the {@linkplain Frame#SQUARE centred
 *       square} of its content when that is not square, and its {@linkplain Frame#INNER inner 90 %}:
 *       a padded copy is found with the plain photo, a claimant's square crop finds the photo, and so
 *       does a claimant's copy cropped by up to 5 % per side (the query's crop views reach the inner 90 %);</li>
 *   <li>a query (evidence, pre-filing search) looks up, at {@value #ITEM_SCALE} and {@value #LARGE_SCALE}
 *       pixels, its whole, content box, centred squares and centred crops of the whole to 4:3, 3:4,
 *       3:2, 2:3 and 16:9 ({@link #queryViews}): a photo finds its {@code center_crop} copy and copies
 *       cut to another aspect ratio.</li>
 * </ul>
 * Working copies are area-averaged (as OpenCV's INTER_AREA, which img2dataset uses), so a view goes
 * through what the data set's copy went through; a view costs one PDQ of at most 512 pixels on its
 * short side. Views of quality below 50 are dropped.
 */
public final class FrameViews {

    /** Short side of the copy an item's views are cut from: img2dataset's default image_size. */
    public static final int ITEM_SCALE = 256;
    /** A query is also framed at this short side, the other size data sets commonly store. */
    public static final int LARGE_SCALE = 512;

    /**
     * A border colour match: every channel within this many levels of the side's reference colour.
     * JPEG at quality 75-95 keeps a flat bar within a few levels, except next to the content edge.
     */
    static final int COLOUR_TOLERANCE = 24;
    /** Share of a line's pixels that must match the border colour for the line to be border. */
    static final double LINE_SHARE = 0.98;
    /** A border thinner than this share of the side (or than 2 pixels) is not one: noise, a frame line. */
    static final double MIN_BORDER = 0.01;
    /** Border found past this share of a side is content that happens to be flat (sky, studio wall). */
    static final double MAX_BORDER = 0.45;
    /** Aspect ratios within this factor of each other are the same frame (no view is cut for them). */
    static final double SAME_RATIO = 1.04;
    /** Share of each side an item's {@link Frame#INNER} view cuts off: the crop signal's largest cut. */
    static final double INNER_CUT = 0.05;

    /** Which view of an image a hash is of. */
    public enum Frame {
        /** The whole image as stored: the plain PDQ hash. */
        FULL("full image"),
        /** Inside uniform borders (img2dataset's padding, letterbox and pillarbox bars, mats). */
        CONTENT("content inside its borders"),
        /** The centred square of the content (img2dataset center_crop, square thumbnails). */
        SQUARE("centred square"),
        RATIO_4_3("centred 4:3 crop"),
        RATIO_3_4("centred 3:4 crop"),
        RATIO_3_2("centred 3:2 crop"),
        RATIO_2_3("centred 2:3 crop"),
        RATIO_16_9("centred 16:9 crop"),
        /**
         * The content with 5 % cut off every side, stored for data set items only: a claimant's copy
         * cropped by up to 5 % per side contains it, so the query's own 0-5 % crop views
         * ({@link CropHashes}) reach it, as they reach a data set copy cropped that much.
         */
        INNER("inner 90 %"),
        /** The whole image shrunk to a data set's size (PDQ of a small or textured photo moves a few bits with scale). */
        SCALED("whole image");

        private final String description;

        Frame(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** Stable code stored with an item's extra hashes (never reorder: releases keep them). */
        public int code() {
            return ordinal();
        }

        public static Frame ofCode(int code) {
            Frame[] all = values();
            if (code < 0 || code >= all.length) {
                throw new IllegalArgumentException("no frame with code " + code);
            }
            return all[code];
        }

        /** Width over height of a centred crop frame, 0 for the others. */
        double ratio() {
            return switch (this) {
                case RATIO_4_3 -> 4.0 / 3;
                case RATIO_3_4 -> 3.0 / 4;
                case RATIO_3_2 -> 3.0 / 2;
                case RATIO_2_3 -> 2.0 / 3;
                case RATIO_16_9 -> 16.0 / 9;
                default -> 0;
            };
        }
    }

    /** A pixel rectangle {@code [x0, x1) x [y0, y1)}. */
    public record Box(int x0, int y0, int x1, int y1) {
        public int width() {
            return x1 - x0;
        }

        public int height() {
            return y1 - y0;
        }

        boolean covers(int w, int h) {
            return x0 == 0 && y0 == 0 && x1 == w && y1 == h;
        }

        /** The box as shares of an image's sides cut off, e.g. "l0% t12.5% r0% b12.5%". */
        String describe(int w, int h) {
            return String.format(Locale.ROOT, "l%.1f%% t%.1f%% r%.1f%% b%.1f%%", 100.0 * x0 / w, 100.0 * y0 / h,
                    100.0 * (w - x1) / w, 100.0 * (h - y1) / h);
        }
    }

    /** One view: which frame, where in the working copy, its hash (with the 8 dihedral variants). */
    public record View(Frame frame, Box box, PdqResult pdq, String detail) {
    }

    private final PdqHasher hasher = new PdqHasher();

    /**
     * The extra views a data set item is stored with, cut from a copy whose short side is
     * {@value #ITEM_SCALE} pixels (area-averaged, as img2dataset resizes; smaller images as they are):
     * that copy itself when the item is larger, its content box and the centred square of it where they
     * differ from the whole, and its inner 90 %.
     */
    public List<View> itemViews(PdqImages.RgbImage image) {
        List<View> views = new ArrayList<>();
        Scaled work = Scaled.of(image, ITEM_SCALE);
        Box content = contentBox(work.image().pixels(), work.width(), work.height());
        new Cutter(work, views).add(Frame.SCALED, work.whole(), work.resized())
                .add(Frame.CONTENT, content, true)
                .add(Frame.SQUARE, centred(content, 1.0), true)
                .add(Frame.INNER, inset(content, INNER_CUT), true);
        return views;
    }

    /**
     * The views a query image is looked up with, from copies whose short side is
     * {@value #ITEM_SCALE} and {@value #LARGE_SCALE} pixels (the sizes data sets store; PDQ moves a
     * few bits between scales of small or textured photos): each copy itself, its content box, the
     * centred square of the whole and of the content, and centred crops of the whole to 4:3, 3:4,
     * 3:2, 2:3 and 16:9. The whole is framed as well as the content because a photo's own flat edges
     * (sky, a studio wall, night) can read as a border; a data set's centre crop is of the whole.
     */
    public List<View> queryViews(PdqImages.RgbImage image) {
        List<View> views = new ArrayList<>();
        for (int scale : new int[] {ITEM_SCALE, LARGE_SCALE}) {
            if (scale == LARGE_SCALE && Math.min(image.width(), image.height()) <= ITEM_SCALE) {
                break; // the first copy was the image itself: there is no larger one
            }
            Scaled work = Scaled.of(image, scale);
            Box whole = work.whole();
            Box content = contentBox(work.image().pixels(), work.width(), work.height());
            Cutter cut = new Cutter(work, views).add(Frame.SCALED, whole, work.resized())
                    .add(Frame.CONTENT, content, true)
                    .add(Frame.SQUARE, centred(whole, 1.0), true)
                    .add(Frame.SQUARE, centred(content, 1.0), true);
            for (Frame ratio : new Frame[] {Frame.RATIO_4_3, Frame.RATIO_3_4, Frame.RATIO_3_2, Frame.RATIO_2_3, Frame.RATIO_16_9}) {
                cut.add(ratio, centred(whole, ratio.ratio()), true);
            }
        }
        return views;
    }

    /** A working copy of an image, at most {@code scale} pixels on its short side; {@code resized} if it is not the image itself. */
    private record Scaled(PdqImages.RgbImage image, boolean resized) {
        static Scaled of(PdqImages.RgbImage image, int scale) {
            PdqImages.RgbImage small = shrinkShortSide(image, scale);
            return new Scaled(small, small != image);
        }

        int width() {
            return image.width();
        }

        int height() {
            return image.height();
        }

        Box whole() {
            return new Box(0, 0, image.width(), image.height());
        }
    }

    /** Hashes boxes of one working copy into views, skipping repeats, slivers and flat (low-quality) views. */
    private final class Cutter {
        private final Scaled work;
        private final List<View> views;
        private final List<Box> done = new ArrayList<>();
        private float[] plane;

        Cutter(Scaled work, List<View> views) {
            this.work = work;
            this.views = views;
        }

        /** Adds the view of {@code box} if {@code wanted}, the box exists, and it differs from the whole (but for {@link Frame#SCALED}). */
        Cutter add(Frame frame, Box box, boolean wanted) {
            int w = work.width();
            int h = work.height();
            if (!wanted || box == null || (frame != Frame.SCALED && box.covers(w, h)) || done.contains(box)
                    || box.width() < 32 || box.height() < 32) {
                return this;
            }
            done.add(box);
            if (plane == null) {
                plane = PdqHasher.luminance(work.image().pixels(), w, h);
            }
            PdqResult pdq = hasher.hashLuma(plane, w, box.x0(), box.y0(), box.width(), box.height());
            if (!pdq.isLowQuality()) {
                String where = frame == Frame.SCALED ? "" : " (" + box.describe(w, h) + ")";
                views.add(new View(frame, box, pdq, frame.description() + where + " at " + Math.min(w, h) + " px"));
            }
            return this;
        }
    }

    /**
     * Area-average resampling to at most {@code scale} pixels on the short side (OpenCV's INTER_AREA,
     * which img2dataset uses to shrink): each output pixel is the mean of the input area it covers,
     * fractional pixels weighted. Images already that small are returned as they are.
     */
    public static PdqImages.RgbImage shrinkShortSide(PdqImages.RgbImage image, int scale) {
        int w = image.width();
        int h = image.height();
        int shortSide = Math.min(w, h);
        if (shortSide <= scale) {
            return image;
        }
        double factor = (double) scale / shortSide;
        int ow = Math.max(1, (int) Math.round(w * factor));
        int oh = Math.max(1, (int) Math.round(h * factor));
        Weights across = new Weights(w, ow);
        Weights down = new Weights(h, oh);
        // Horizontal pass, row by row (contiguous reads): three planes of ow x h.
        float[] r = new float[ow * h];
        float[] g = new float[ow * h];
        float[] b = new float[ow * h];
        int[] px = image.pixels();
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int out = y * ow;
            for (int ox = 0; ox < ow; ox++) {
                float sr = 0;
                float sg = 0;
                float sb = 0;
                int first = across.first[ox];
                int base = across.offset[ox];
                for (int k = 0; k < across.count[ox]; k++) {
                    int p = px[row + first + k];
                    float wt = across.weight[base + k];
                    sr += wt * ((p >>> 16) & 0xFF);
                    sg += wt * ((p >>> 8) & 0xFF);
                    sb += wt * (p & 0xFF);
                }
                r[out + ox] = sr;
                g[out + ox] = sg;
                b[out + ox] = sb;
            }
        }
        // Vertical pass, output row by output row, adding whole input rows.
        int[] out = new int[ow * oh];
        float[] ar = new float[ow];
        float[] ag = new float[ow];
        float[] ab = new float[ow];
        for (int oy = 0; oy < oh; oy++) {
            java.util.Arrays.fill(ar, 0f);
            java.util.Arrays.fill(ag, 0f);
            java.util.Arrays.fill(ab, 0f);
            int first = down.first[oy];
            int base = down.offset[oy];
            for (int k = 0; k < down.count[oy]; k++) {
                float wt = down.weight[base + k];
                int row = (first + k) * ow;
                for (int ox = 0; ox < ow; ox++) {
                    ar[ox] += wt * r[row + ox];
                    ag[ox] += wt * g[row + ox];
                    ab[ox] += wt * b[row + ox];
                }
            }
            for (int ox = 0; ox < ow; ox++) {
                out[oy * ow + ox] = channel(ar[ox]) << 16 | channel(ag[ox]) << 8 | channel(ab[ox]);
            }
        }
        return new PdqImages.RgbImage(out, ow, oh);
    }

    /** For each output index along one axis: the first input index it covers, how many, and their weights (summing to 1). */
    private static final class Weights {
        final int[] first;
        final int[] count;
        final int[] offset;
        final float[] weight;

        Weights(int in, int out) {
            first = new int[out];
            count = new int[out];
            offset = new int[out];
            double step = (double) in / out;
            float[] all = new float[out * ((int) Math.ceil(step) + 2)];
            int n = 0;
            for (int o = 0; o < out; o++) {
                double from = o * step;
                double to = Math.min(in, from + step);
                int start = (int) from;
                int end = Math.min(in, (int) Math.ceil(to));
                first[o] = start;
                count[o] = end - start;
                offset[o] = n;
                for (int i = start; i < end; i++) {
                    all[n++] = (float) ((Math.min(to, i + 1) - Math.max(from, i)) / step);
                }
            }
            weight = all;
        }
    }

    private static int channel(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** {@code box} with {@code share} of its width and height cut off each side. */
    static Box inset(Box box, double share) {
        int dx = (int) Math.round(box.width() * share);
        int dy = (int) Math.round(box.height() * share);
        return new Box(box.x0() + dx, box.y0() + dy, box.x1() - dx, box.y1() - dy);
    }

    /**
     * The centred crop of {@code box} to width/height {@code ratio}, or null when the box already
     * has that ratio (within {@link #SAME_RATIO}): then the crop would be the box itself.
     */
    static Box centred(Box box, double ratio) {
        int w = box.width();
        int h = box.height();
        double actual = (double) w / h;
        if (actual < ratio * SAME_RATIO && actual > ratio / SAME_RATIO) {
            return null;
        }
        if (actual > ratio) {
            int cw = (int) Math.round(h * ratio);
            int x0 = box.x0() + (w - cw) / 2;
            return new Box(x0, box.y0(), x0 + cw, box.y1());
        }
        int ch = (int) Math.round(w / ratio);
        int y0 = box.y0() + (h - ch) / 2;
        return new Box(box.x0(), y0, box.x1(), y0 + ch);
    }

    /**
     * The part of an image inside uniform borders: from each side, lines (rows or columns) whose
     * pixels are at least {@value #LINE_SHARE} the colour of that side's outermost line (each channel
     * within {@value #COLOUR_TOLERANCE}) are border, up to {@value #MAX_BORDER} of the side. Any
     * colour counts (img2dataset pads with black or white, letterboxes are black, mats are anything);
     * a side's border must be at least {@value #MIN_BORDER} of it and 2 pixels, else it is kept.
     * The whole image when nothing is border.
     */
    public static Box contentBox(int[] pixels, int w, int h) {
        int top = depth(pixels, w, h, Side.TOP);
        int bottom = depth(pixels, w, h, Side.BOTTOM);
        int left = depth(pixels, w, h, Side.LEFT);
        int right = depth(pixels, w, h, Side.RIGHT);
        if (top + bottom >= h - 16 || left + right >= w - 16) {
            return new Box(0, 0, w, h); // (almost) all border: a flat image, nothing to reframe
        }
        // Padding and letterboxes are centred: bars on both opposite sides are as wide as the narrower
        // one; the rest of the wider side is the photo's own flat edge (a dark sky next to a black bar).
        if (top > 0 && bottom > 0) {
            top = Math.min(top, bottom);
            bottom = top;
        }
        if (left > 0 && right > 0) {
            left = Math.min(left, right);
            right = left;
        }
        return new Box(left, top, w - right, h - bottom);
    }

    private enum Side { TOP, BOTTOM, LEFT, RIGHT }

    /** How many lines from {@code side} inwards are border (0 when fewer than the minimum). */
    private static int depth(int[] px, int w, int h, Side side) {
        boolean rows = side == Side.TOP || side == Side.BOTTOM;
        int lines = rows ? h : w;
        int length = rows ? w : h;
        int max = (int) (lines * MAX_BORDER);
        int reference = medianColour(px, w, h, side, length);
        int need = (int) Math.ceil(length * LINE_SHARE);
        int depth = 0;
        while (depth < max) {
            int line = side == Side.TOP || side == Side.LEFT ? depth : lines - 1 - depth;
            int matching = 0;
            for (int i = 0; i < length; i++) {
                int p = rows ? px[line * w + i] : px[i * w + line];
                if (close(p, reference)) {
                    matching++;
                }
            }
            if (matching < need) {
                break;
            }
            depth++;
        }
        return depth >= Math.max(2, lines * MIN_BORDER) ? depth : 0;
    }

    private static boolean close(int p, int q) {
        return Math.abs(((p >>> 16) & 0xFF) - ((q >>> 16) & 0xFF)) <= COLOUR_TOLERANCE
                && Math.abs(((p >>> 8) & 0xFF) - ((q >>> 8) & 0xFF)) <= COLOUR_TOLERANCE
                && Math.abs((p & 0xFF) - (q & 0xFF)) <= COLOUR_TOLERANCE;
    }

    /** Per-channel median of the outermost line of {@code side}. */
    private static int medianColour(int[] px, int w, int h, Side side, int length) {
        int[][] hist = new int[3][256];
        for (int i = 0; i < length; i++) {
            int p = switch (side) {
                case TOP -> px[i];
                case BOTTOM -> px[(h - 1) * w + i];
                case LEFT -> px[i * w];
                case RIGHT -> px[i * w + w - 1];
            };
            hist[0][(p >>> 16) & 0xFF]++;
            hist[1][(p >>> 8) & 0xFF]++;
            hist[2][p & 0xFF]++;
        }
        int colour = 0;
        for (int c = 0; c < 3; c++) {
            int seen = 0;
            int v = 0;
            while (seen + hist[c][v] <= length / 2) {
                seen += hist[c][v++];
            }
            colour = colour << 8 | v;
        }
        return colour;
    }
}
