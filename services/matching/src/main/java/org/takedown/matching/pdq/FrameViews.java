package org.takedown.matching.pdq;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The views of an image that data sets frame differently from the photo a claimant holds, each
 * PDQ-hashed: the content inside uniform borders, the centred square, and centred crops to common
 * aspect ratios.
 *
 * <p>Why: img2dataset, which made LAION's webdataset shards, stores a photo by default as
 * {@code border} (shrunk and padded to a square with a constant colour) or as {@code center_crop}
 * (the middle square); screenshots and video stills carry letterbox bars. PDQ of a padded square or
 * of the middle square is unrelated to PDQ of the photo (0 of 23 real photos found either way), but
 * PDQ of the <em>same region</em> is resize-invariant. So both sides reframe:
 * <ul>
 *   <li>a data set item stores, beside its own hash, the hash of its {@linkplain Frame#CONTENT content
 *       box} when it has borders, of the {@linkplain Frame#SQUARE centred square} of its content
 *       when that is not already square, and of its {@linkplain Frame#INNER inner 90 %}
 *       ({@link #itemViews}): a padded copy is found with the plain photo, a claimant's square crop
 *       of a photo finds the photo, and so does a claimant's copy cropped by up to 5 % per side;</li>
 *   <li>a query (evidence, pre-filing search) looks up the same two views and, in addition, centred
 *       crops of its content to 4:3, 3:4, 3:2, 2:3 and 16:9 ({@link #queryViews}): a photo finds its
 *       {@code center_crop} copy and copies cut to another aspect ratio.</li>
 * </ul>
 * A view is hashed from the luminance of a working copy at most {@value #WORKING_SIDE} pixels on its
 * long side (box-filtered), which leaves PDQ's 64x64 downsample nearly unchanged and bounds the
 * cost (one PDQ of at most 512x512 pixels per view). Views of quality below 50 are dropped.
 */
public final class FrameViews {

    /** Long side of the working copy the views are cut from and hashed. */
    public static final int WORKING_SIDE = 512;

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
        INNER("inner 90 %");

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
     * The extra views a data set item is stored with: its content box and the centred square of it
     * where they differ from the whole, and its inner 90 %.
     */
    public List<View> itemViews(PdqImages.RgbImage image) {
        return views(image, false);
    }

    /** The views a query image is looked up with: as {@link #itemViews}, plus centred crops of the content to common aspect ratios. */
    public List<View> queryViews(PdqImages.RgbImage image) {
        return views(image, true);
    }

    private List<View> views(PdqImages.RgbImage image, boolean ratios) {
        PdqImages.RgbImage work = CropHashes.shrink(image, WORKING_SIDE);
        int w = work.width();
        int h = work.height();
        Box content = contentBox(work.pixels(), w, h);
        List<Box> boxes = new ArrayList<>();
        List<View> views = new ArrayList<>();
        float[] plane = null;
        List<Frame> frames = new ArrayList<>(List.of(Frame.CONTENT, Frame.SQUARE));
        if (!ratios) {
            frames.add(Frame.INNER);
        } else {
            frames.addAll(List.of(Frame.RATIO_4_3, Frame.RATIO_3_4, Frame.RATIO_3_2, Frame.RATIO_2_3, Frame.RATIO_16_9));
        }
        for (Frame frame : frames) {
            Box box = switch (frame) {
                case CONTENT -> content;
                case SQUARE -> centred(content, 1.0);
                case INNER -> inset(content, INNER_CUT);
                default -> centred(content, frame.ratio());
            };
            if (box == null || box.covers(w, h) || boxes.contains(box) || box.width() < 32 || box.height() < 32) {
                continue;
            }
            boxes.add(box);
            if (plane == null) {
                plane = PdqHasher.luminance(work.pixels(), w, h);
            }
            PdqResult pdq = hasher.hashLuma(plane, w, box.x0(), box.y0(), box.width(), box.height());
            if (!pdq.isLowQuality()) {
                views.add(new View(frame, box, pdq, frame.description() + " (" + box.describe(w, h) + ")"));
            }
        }
        return views;
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
