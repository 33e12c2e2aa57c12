package org.takedown.propagation.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private static final String URL = "https://hooks.example/a";
    private static final DeliveryResult TIMEOUT = DeliveryResult.noAnswer("HttpTimeoutException");
    private static final DeliveryResult OK = DeliveryResult.answered(204, Optional.empty());

    private final MutableClock clock = new MutableClock();
    private final CircuitBreakers circuits = new CircuitBreakers(3, Duration.ofSeconds(30), clock);

    @Test
    void opensAfterTheThresholdOfConsecutiveFailuresAndRefusesDuringTheCoolDown() {
        fail(2);
        assertEquals(CircuitBreakers.State.CLOSED, circuits.state(URL));
        assertTrue(circuits.tryAcquire(URL));
        fail(1);
        assertEquals(CircuitBreakers.State.OPEN, circuits.state(URL));
        assertFalse(circuits.tryAcquire(URL));
        assertEquals(Set.of(URL), circuits.blocked());
        clock.advance(Duration.ofSeconds(29));
        assertFalse(circuits.tryAcquire(URL));
    }

    @Test
    void aSuccessInBetweenResetsTheCount() {
        fail(2);
        circuits.record(URL, OK);
        fail(2);
        assertEquals(CircuitBreakers.State.CLOSED, circuits.state(URL));
    }

    @Test
    void halfOpenLetsExactlyOneProbeThroughAndItsOutcomeDecides() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        assertEquals(CircuitBreakers.State.HALF_OPEN, circuits.state(URL));
        assertTrue(circuits.tryAcquire(URL), "the probe");
        assertFalse(circuits.tryAcquire(URL), "only one probe at a time");
        assertEquals(Set.of(URL), circuits.blocked());
        circuits.record(URL, TIMEOUT);
        assertEquals(CircuitBreakers.State.OPEN, circuits.state(URL), "a failed probe opens it for another cool-down");

        clock.advance(Duration.ofSeconds(30));
        assertTrue(circuits.tryAcquire(URL));
        circuits.record(URL, OK);
        assertEquals(CircuitBreakers.State.CLOSED, circuits.state(URL));
        assertTrue(circuits.tryAcquire(URL) && circuits.tryAcquire(URL));
    }

    @Test
    void serverErrorsAndTooManyRequestsCountAnsweredClientErrorsDoNot() {
        assertTrue(CircuitBreakers.countsAsFailure(DeliveryResult.answered(503, Optional.empty())));
        assertTrue(CircuitBreakers.countsAsFailure(DeliveryResult.answered(429, Optional.empty())));
        assertTrue(CircuitBreakers.countsAsFailure(TIMEOUT));
        assertFalse(CircuitBreakers.countsAsFailure(DeliveryResult.answered(401, Optional.empty())));
        for (int i = 0; i < 5; i++) {
            circuits.record(URL, DeliveryResult.answered(400, Optional.empty()));
        }
        assertEquals(CircuitBreakers.State.CLOSED, circuits.state(URL));
    }

    @Test
    void oneEndpointsCircuitDoesNotTouchAnother() {
        fail(3);
        assertTrue(circuits.tryAcquire("https://other.example/b"));
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            circuits.record(URL, TIMEOUT);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
