package org.takedown.propagation.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void readsSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW));
    }

    @Test
    void readsAnHttpDate() {
        assertEquals(Optional.of(Duration.ofMinutes(5)), RetryAfter.parse("Sat, 28 Nov 2026 10:05:00 GMT", NOW));
    }

    @Test
    void aDateInThePastMeansNow() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sat, 28 Nov 2026 09:00:00 GMT", NOW));
    }

    @Test
    void ignoresGarbage() {
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
    }

    @Test
    void capsAVeryLongWait() {
        assertEquals(WebhookClient.MAX_RETRY_AFTER, RetryAfter.capped(Duration.ofDays(30)));
    }
}
