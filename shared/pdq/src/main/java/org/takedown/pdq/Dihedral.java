package org.takedown.pdq;

/**
 * The eight rotations/reflections of a rectangle (the dihedral group D4), named as in the PDQ
 * reference implementation.
 *
 * <p>Every element is described by three flags applied to the <em>source</em> image, in this order:
 * reverse the row order, reverse the column order, then optionally transpose. That one description
 * drives both {@link #applyToPixels} (used by tests and by callers who want a transformed image)
 * and {@link #applyToDct} (used to derive the variant hashes without re-hashing), so the two can
 * never disagree about what, say, "rotate 90" means.
 *
 * <p>Why the DCT trick works: PDQ keeps DCT-II coefficients with frequencies 1..16 along each axis
 * (stored at indices 0..15). Reversing a 64-sample axis multiplies the coefficient of frequency
 * {@code f} by {@code (-1)^f}, i.e. negates the coefficients at <em>even</em> indices; transposing
 * the image transposes the coefficient block. Both are exact sign/position changes in float, so a
 * variant hash equals what hashing the transformed 64x64 downsample would give. It is only
 * <em>approximately</em> the hash of the transformed full-size image, because the reference's box
 * filter windows and decimation points are not mirror-symmetric.
 */
public enum Dihedral {
    /** Identity. */
    ORIGINAL(false, false, false),
    /** 90 degrees counter-clockwise: the right-hand column becomes the top row. */
    ROTATE_90(false, true, true),
    /** 180 degrees. */
    ROTATE_180(true, true, false),
    /** 270 degrees counter-clockwise (90 clockwise): the left-hand column becomes the top row. */
    ROTATE_270(true, false, true),
    /** Mirror about the horizontal axis: upside down. */
    FLIP_X(true, false, false),
    /** Mirror about the vertical axis: left and right swap. */
    FLIP_Y(false, true, false),
    /** Mirror about the main diagonal (transpose); the reference calls it "flip plus one". */
    FLIP_PLUS_1(false, false, true),
    /** Mirror about the anti-diagonal; the reference calls it "flip minus one". */
    FLIP_MINUS_1(true, true, true);

    private final boolean reverseRows;
    private final boolean reverseCols;
    private final boolean transpose;

    Dihedral(boolean reverseRows, boolean reverseCols, boolean transpose) {
        this.reverseRows = reverseRows;
        this.reverseCols = reverseCols;
        this.transpose = transpose;
    }

    /** Whether the transformed image has width and height swapped. */
    public boolean swapsDimensions() {
        return transpose;
    }

    /**
     * Transforms a 16x16 row-major block of DCT coefficients as if the image had been transformed.
     * Returns a new array.
     */
    float[] applyToDct(float[] dct16x16) {
        float[] out = new float[256];
        for (int r = 0; r < 16; r++) {
            // Index r holds frequency r + 1: odd frequencies (even r) change sign under reversal.
            boolean negRow = reverseRows && (r & 1) == 0;
            for (int c = 0; c < 16; c++) {
                boolean negCol = reverseCols && (c & 1) == 0;
                float v = dct16x16[r * 16 + c];
                if (negRow != negCol) {
                    v = -v;
                }
                out[transpose ? c * 16 + r : r * 16 + c] = v;
            }
        }
        return out;
    }

    /**
     * Transforms a row-major pixel array of {@code width x height}. The result is row-major with
     * dimensions swapped if {@link #swapsDimensions()}.
     */
    public int[] applyToPixels(int[] pixels, int width, int height) {
        if (pixels.length < width * height) {
            throw new IllegalArgumentException("pixel array too short for " + width + "x" + height);
        }
        int outW = transpose ? height : width;
        int outH = transpose ? width : height;
        int[] out = new int[outW * outH];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                // Undo the transpose first, then the reversals, to find the source pixel.
                int sy = transpose ? x : y;
                int sx = transpose ? y : x;
                if (reverseRows) {
                    sy = height - 1 - sy;
                }
                if (reverseCols) {
                    sx = width - 1 - sx;
                }
                out[y * outW + x] = pixels[sy * width + sx];
            }
        }
        return out;
    }
}
