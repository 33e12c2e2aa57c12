package org.takedown.matching.match;

/** Why an item became a candidate. */
public enum Signal {
    EXACT_URL(1.0),
    DOMAIN(0.9),
    URL_PREFIX(0.9);

    private final double confidence;

    Signal(double confidence) {
        this.confidence = confidence;
    }

    public double confidence() {
        return confidence;
    }
}
