package org.takedown.matching.match;

/** Why an item became a candidate. */
public enum Signal {
    EXACT_URL(1.0),
    DOMAIN(0.9),
    URL_PREFIX(0.9),
    /** The PDQ hash of an evidence image (or a rotation/flip of it) is near the item's; confidence from the distance. */
    PDQ(1.0),
    /** A cropped view of an evidence image matches the item's PDQ hash: the item may be a cropped copy. */
    PDQ_CROP(0.9),
    /**
     * A reframed view matches: the evidence's or the item's content inside uniform borders, its centred
     * square, or a centred aspect-ratio crop (how img2dataset's border and center_crop modes and
     * letterboxes store a photo); confidence 0.9 x the PDQ confidence of the distance.
     */
    PDQ_FRAME(0.9),
    /**
     * Local features of an evidence image (keypoints with binary descriptors) meet the item's in one
     * arrangement under a single scale and shift: the item is a crop of the evidence or the evidence a
     * crop of it, by more than PDQ's views reach; confidence 0.85 x the share of agreeing points (from 0.5
     * at the minimum to 1 at 32 or more).
     */
    LOCAL_FEATURES(0.85),
    /**
     * A free-text query of the request (e.g. the person's name) appears in the item's caption, every
     * term of it; raw score BM25. Weaker than an image signal: captions name many people alike.
     */
    CAPTION_TEXT(0.6),
    /**
     * An evidence image's embedding is near the item's image vector (cosine similarity above a high
     * threshold: near-duplicates only); confidence 0.95 x similarity.
     */
    IMAGE_KNN(0.95),
    /** A text query is close in meaning to the item's caption (all-MiniLM-L6-v2); confidence 0.5 x similarity. */
    CAPTION_SEMANTIC(0.5);

    private final double confidence;

    Signal(double confidence) {
        this.confidence = confidence;
    }

    public double confidence() {
        return confidence;
    }

    /** Local-feature confidence before the signal's weight: 0.5 at {@code minInliers}, rising to 1 at 32 agreeing points. */
    public static double localConfidence(int inliers, int minInliers) {
        return Math.min(1.0, 0.5 + 0.5 * Math.max(0, inliers - minInliers) / Math.max(1.0, 32 - minInliers));
    }

    /** PDQ confidence: 1 at distance 0, falling linearly to 0.5 at 32 bits (PDQ's threshold is 31). */
    public static double pdqConfidence(int distance) {
        return Math.max(0, 1.0 - distance / 64.0);
    }
}
