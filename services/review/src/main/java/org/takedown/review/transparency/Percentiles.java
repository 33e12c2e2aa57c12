package org.takedown.review.transparency;

import java.util.List;

/** Percentiles as PostgreSQL's {@code percentile_cont} computes them: linear between the two nearest values. */
final class Percentiles {

    private Percentiles() {
    }

    /** The {@code fraction} (0 to 1) percentile of {@code values}, or null when there are none. */
    static Double of(List<Double> values, double fraction) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double position = (sorted.length - 1) * fraction;
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
