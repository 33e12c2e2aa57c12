package org.takedown.intake.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailedAttemptLimiterTest {

    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FailedAttemptLimiter limiter = new FailedAttemptLimiter(3, WINDOW, 1000, clock);

    @Test
    void keyIsFreeUntilTheLimitIsReached() {
        limiter.recordFailure("k");
        limiter.recordFailure("k");
        assertEquals(Optional.empty(), limiter.blockedFor("k"));
        limiter.recordFailure("k");
        assertTrue(limiter.blockedFor("k").isPresent());
    }

    @Test
    void blockLastsUntilTheOldestFailureLeavesTheWindow() {
        limiter.recordFailure("k");
        clock.advance(Duration.ofMinutes(5));
        limiter.recordFailure("k");
        limiter.recordFailure("k");
        assertEquals(Optional.of(Duration.ofMinutes(10)), limiter.blockedFor("k"));

        clock.advance(Duration.ofMinutes(10));
        assertEquals(Optional.empty(), limiter.blockedFor("k"));
    }

    @Test
    void keysAreCountedApart() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("a");
        }
        assertTrue(limiter.blockedFor("a").isPresent());
        assertEquals(Optional.empty(), limiter.blockedFor("b"));
    }

    @Test
    void expiredKeysAreSweptWhenTooManyAreTracked() {
        FailedAttemptLimiter small = new FailedAttemptLimiter(3, WINDOW, 10, clock);
        for (int i = 0; i < 10; i++) {
            small.recordFailure("old-" + i);
        }
        clock.advance(WINDOW.plusSeconds(1));
        small.recordFailure("new");
        assertEquals(1, small.trackedKeys());
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
