package org.takedown.pdq;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The outcome of hashing one image: the PDQ hash, its quality score and the hashes of the seven
 * other rotations/reflections of the image.
 *
 * <p>Quality is the reference's gradient heuristic, 0..100. Meta's guidance is to treat hashes
 * with quality below 50 as unreliable for matching; this class only reports the number and leaves
 * the policy to the caller (see {@link #isLowQuality()}).
 *
 * <p>The dihedral variants are derived from the 16x16 DCT block by sign flips and transposition
 * (see {@link Dihedral}), exactly as the reference's {@code --pdqdih} mode does, so they cost a
 * median and a threshold each rather than a second pass over the pixels. Each is thresholded on
 * first use: a cropped view (matching's {@code CropHashes}) needs only the hash and its mirror, and eight
 * medians would cost more than the rest of such a view's hash.
 */
public final class PdqResult {

    /** Below this quality Meta recommends not trusting a hash for matching. */
    public static final int MIN_RECOMMENDED_QUALITY = 50;

    private final int quality;
    private final float[] dct16x16;
    /**
     * Thresholded variants by ordinal, filled on first use. Racing threads may both compute one;
     * they compute the same immutable value, and PdqHash's final fields make publishing it safe.
     */
    private final PdqHash[] computed = new PdqHash[Dihedral.values().length];
    private volatile Map<Dihedral, PdqHash> all;

    /** Takes ownership of {@code dct16x16} (the caller must not change it afterwards). */
    PdqResult(float[] dct16x16, int quality) {
        this.quality = quality;
        this.dct16x16 = dct16x16;
    }

    /**
     * A result from a 16x16 block of DCT coefficients computed elsewhere (matching's crop views regroup the
     * hasher's arithmetic); takes ownership of the array.
     */
    public static PdqResult ofDct(float[] dct16x16, int quality) {
        if (dct16x16.length != PdqHash.BITS) {
            throw new IllegalArgumentException("expected 256 coefficients, got " + dct16x16.length);
        }
        return new PdqResult(dct16x16, quality);
    }

    /** Result used by the reference for images too small to hash: all-zero hashes, quality 0. */
    static PdqResult degenerate() {
        return new PdqResult(new float[256], 0);
    }

    /** The hash of the image as given. */
    public PdqHash hash() {
        return variant(Dihedral.ORIGINAL);
    }

    /** Quality score 0..100. */
    public int quality() {
        return quality;
    }

    /** Whether {@link #quality()} is below {@link #MIN_RECOMMENDED_QUALITY}. */
    public boolean isLowQuality() {
        return quality < MIN_RECOMMENDED_QUALITY;
    }

    /** The hash the image would have after the given transformation (approximately; see Dihedral). */
    public PdqHash variant(Dihedral d) {
        PdqHash h = computed[d.ordinal()];
        if (h == null) {
            h = PdqHasher.threshold(d == Dihedral.ORIGINAL ? dct16x16 : d.applyToDct(dct16x16));
            computed[d.ordinal()] = h;
        }
        return h;
    }

    /** All eight hashes keyed by transformation, ORIGINAL included. */
    public Map<Dihedral, PdqHash> variants() {
        Map<Dihedral, PdqHash> m = all;
        if (m == null) {
            EnumMap<Dihedral, PdqHash> built = new EnumMap<>(Dihedral.class);
            for (Dihedral d : Dihedral.values()) {
                built.put(d, variant(d));
            }
            m = Collections.unmodifiableMap(built);
            all = m;
        }
        return m;
    }

    public PdqHash rot90() {
        return variant(Dihedral.ROTATE_90);
    }

    public PdqHash rot180() {
        return variant(Dihedral.ROTATE_180);
    }

    public PdqHash rot270() {
        return variant(Dihedral.ROTATE_270);
    }

    public PdqHash flipX() {
        return variant(Dihedral.FLIP_X);
    }

    public PdqHash flipY() {
        return variant(Dihedral.FLIP_Y);
    }

    public PdqHash flipPlusOne() {
        return variant(Dihedral.FLIP_PLUS_1);
    }

    public PdqHash flipMinusOne() {
        return variant(Dihedral.FLIP_MINUS_1);
    }

    /** Smallest Hamming distance from {@code other} to any of the eight variants. */
    public int minDihedralDistance(PdqHash other) {
        int best = PdqHash.BITS;
        for (PdqHash h : variants().values()) {
            best = Math.min(best, h.hamming(other));
        }
        return best;
    }

    @Override
    public String toString() {
        return hash().toHex() + "," + quality;
    }
}
