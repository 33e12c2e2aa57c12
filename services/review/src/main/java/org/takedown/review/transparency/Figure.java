package org.takedown.review.transparency;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One published number, or the marker that it is withheld. Counts from 1 to {@link #THRESHOLD} − 1 are withheld
 * (a count of one or two requests of a kind in a month can point at a person); so are medians, percentiles and
 * shares computed from fewer than {@link #THRESHOLD} values. Zero is shown: it points at nobody. In JSON a withheld
 * figure is the string {@link #MARKER} where a number would be — never a made-up number.
 */
public record Figure(Number value, boolean withheld) {

    public static final int THRESHOLD = 5;
    public static final String MARKER = "< " + THRESHOLD;

    /** A count, withheld when small. */
    public static Figure count(long count) {
        return count > 0 && count < THRESHOLD ? new Figure(null, true) : new Figure(count, false);
    }

    /** A statistic over {@code basis} values: none when there are none, withheld when there are few. */
    public static Figure statistic(Double value, long basis) {
        if (basis == 0 || value == null) {
            return new Figure(null, false);
        }
        return basis < THRESHOLD ? new Figure(null, true) : new Figure(Math.round(value * 10) / 10.0, false);
    }

    /** The number, {@link #MARKER}, or null when there is nothing to compute from. */
    @JsonValue
    public Object shown() {
        return withheld ? MARKER : value;
    }

    /** As the CSV shows it: the number, the marker, or empty. */
    public String csv() {
        Object shown = shown();
        return shown == null ? "" : shown.toString();
    }

    /** As the page shows it: the number, the marker, or a dash. */
    @Override
    public String toString() {
        Object shown = shown();
        return shown == null ? "–" : shown.toString();
    }
}
