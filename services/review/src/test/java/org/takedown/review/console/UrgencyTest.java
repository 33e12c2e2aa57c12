package org.takedown.review.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.takedown.review.console.ConsoleViews.Urgency;

class UrgencyTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void aDeadlineInThePastIsOverdue() {
        assertEquals(Urgency.OVERDUE, Urgency.of(NOW.minusSeconds(1), NOW));
    }

    @Test
    void aDeadlineWithinThreeDaysIsDueSoon() {
        assertEquals(Urgency.DUE_SOON, Urgency.of(NOW, NOW));
        assertEquals(Urgency.DUE_SOON, Urgency.of(NOW.plus(Duration.ofDays(3)).minusSeconds(1), NOW));
    }

    @Test
    void aDeadlineThreeDaysOrMoreAwayDoesNotStandOut() {
        assertEquals(Urgency.NONE, Urgency.of(NOW.plus(Duration.ofDays(3)), NOW));
        assertEquals("", Urgency.NONE.cssClass());
    }
}
