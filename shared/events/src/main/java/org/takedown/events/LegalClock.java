package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The GDPR Art. 12(3) clock of one request: one month from receipt of the confirmed request, extended once by up
 * to two months, standing still only while the controller waits for information it asked the claimant for
 * (missing statements, a domain proof, a reviewer's question). Intake starts it; the events of the request carry
 * it along (verification adds the wait for a domain proof, review its questions), so that the claimant's status
 * page, the reviewer's console and the transparency report compute the same dates in one place.
 *
 * <p>Months are calendar months in UTC; the time the clock stood still is added after them.
 *
 * @param receivedAt      when intake accepted the confirmed request
 * @param pausedSeconds   how long the clock stood still in pauses that ended
 * @param pausedSince     since when it stands still now; null while it runs
 * @param extensionMonths 0, or the one extension (1 or 2 months)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LegalClock(Instant receivedAt, long pausedSeconds, Instant pausedSince, int extensionMonths) {

    /** Art. 12(3): "by two further months where necessary". */
    public static final int MAX_EXTENSION_MONTHS = 2;

    private static final Duration DAY = Duration.ofDays(1);

    public LegalClock {
        // To the microsecond, as PostgreSQL keeps it: every service holding the clock computes the same dates.
        receivedAt = Objects.requireNonNull(receivedAt, "receivedAt").truncatedTo(ChronoUnit.MICROS);
        pausedSince = pausedSince == null ? null : pausedSince.truncatedTo(ChronoUnit.MICROS);
        if (pausedSeconds < 0) {
            throw new IllegalArgumentException("pausedSeconds must not be negative");
        }
        if (extensionMonths < 0 || extensionMonths > MAX_EXTENSION_MONTHS) {
            throw new IllegalArgumentException("extensionMonths must be 0 to " + MAX_EXTENSION_MONTHS);
        }
    }

    /** A running clock for a request received at {@code receivedAt}. */
    public static LegalClock receivedAt(Instant receivedAt) {
        return new LegalClock(receivedAt, 0, null, 0);
    }

    public boolean paused() {
        return pausedSince != null;
    }

    /** The clock stands still from {@code at} (the controller asked the claimant for something); a paused clock stays as it is. */
    public LegalClock pausedAt(Instant at) {
        return paused() ? this : new LegalClock(receivedAt, pausedSeconds, at, extensionMonths);
    }

    /** The clock runs again from {@code at}; the pause (never negative) moves the deadline. A running clock stays as it is. */
    public LegalClock resumedAt(Instant at) {
        if (!paused()) {
            return this;
        }
        return new LegalClock(receivedAt, pausedSeconds + positiveSeconds(pausedSince, at), null, extensionMonths);
    }

    /** A clock that also stood still from {@code from} to {@code to} (a wait another service observed). */
    public LegalClock withPause(Instant from, Instant to) {
        return new LegalClock(receivedAt, pausedSeconds + positiveSeconds(from, to), pausedSince, extensionMonths);
    }

    /** The one extension by {@code months} (1 or 2). */
    public LegalClock extendedBy(int months) {
        if (months < 1 || months > MAX_EXTENSION_MONTHS || extensionMonths != 0) {
            throw new IllegalArgumentException("a deadline is extended once, by one or two months");
        }
        return new LegalClock(receivedAt, pausedSeconds, pausedSince, months);
    }

    /** How long the clock has stood still up to {@code now}, the running pause included. */
    public Duration pausedUpTo(Instant now) {
        long running = paused() ? positiveSeconds(pausedSince, now) : 0;
        return Duration.ofSeconds(pausedSeconds + running);
    }

    /** The deadline without the running pause (the date to store and sort by; it moves when the pause ends). */
    public Instant dueAt() {
        return plusMonths(1 + extensionMonths).plusSeconds(pausedSeconds);
    }

    /** The deadline as it stands at {@code now}: a running pause pushes it on day by day. */
    public Instant dueAt(Instant now) {
        return plusMonths(1 + extensionMonths).plus(pausedUpTo(now));
    }

    /** The deadline without the extension: the legal month, and the last moment an extension may be decided. */
    public Instant firstMonthEnd() {
        return plusMonths(1).plusSeconds(pausedSeconds);
    }

    /** Days left at {@code now}, a started day counting as a day; 0 or less once due. */
    public long daysLeft(Instant now) {
        Duration left = Duration.between(now, dueAt(now));
        if (left.isNegative() || left.isZero()) {
            return left.toDays();
        }
        long days = left.toDays();
        return left.equals(DAY.multipliedBy(days)) ? days : days + 1;
    }

    /** Whether a decision at {@code decidedAt} came within the legal month (pauses counted, the extension not). */
    public boolean withinFirstMonth(Instant decidedAt) {
        return !decidedAt.isAfter(plusMonths(1).plus(pausedUpTo(decidedAt)));
    }

    /** Time on the clock from receipt to {@code at}, pauses left out: "days to decision". */
    public Duration runningTime(Instant at) {
        Duration total = Duration.between(receivedAt, at).minus(pausedUpTo(at));
        return total.isNegative() ? Duration.ZERO : total;
    }

    private Instant plusMonths(int months) {
        return receivedAt.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    private static long positiveSeconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).getSeconds());
    }
}
