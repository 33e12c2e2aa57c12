package org.takedown.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LegalClockTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-01T09:00:00Z");

    @Test
    void aRequestThatSpentTenDaysInVerificationHasTwentyDaysLeftWhenItsCaseOpens() {
        LegalClock clock = LegalClock.receivedAt(RECEIVED);

        Instant caseOpens = RECEIVED.plus(Duration.ofDays(10)).plusMillis(1);

        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), clock.dueAt());
        assertEquals(20, clock.daysLeft(caseOpens));
    }

    @Test
    void aWaitForTheClaimantMovesTheDeadlineByItsLength() {
        LegalClock clock = LegalClock.receivedAt(RECEIVED)
                .pausedAt(RECEIVED.plus(Duration.ofDays(2)))
                .resumedAt(RECEIVED.plus(Duration.ofDays(9)));

        assertEquals(Instant.parse("2026-12-08T09:00:00Z"), clock.dueAt());
        assertEquals(Duration.ofDays(7), clock.pausedUpTo(RECEIVED.plus(Duration.ofDays(20))));
    }

    @Test
    void whileTheClockStandsStillTheDaysLeftStayTheSame() {
        LegalClock clock = LegalClock.receivedAt(RECEIVED).pausedAt(RECEIVED.plus(Duration.ofDays(10)));

        assertTrue(clock.paused());
        assertEquals(20, clock.daysLeft(RECEIVED.plus(Duration.ofDays(10))));
        assertEquals(20, clock.daysLeft(RECEIVED.plus(Duration.ofDays(25))));
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), clock.dueAt(), "the stored date leaves the running pause out");
    }

    @Test
    void aWaitObservedElsewhereIsAddedAsAPause() {
        LegalClock clock = LegalClock.receivedAt(RECEIVED)
                .withPause(RECEIVED.plus(Duration.ofDays(1)), RECEIVED.plus(Duration.ofDays(4)));

        assertEquals(Instant.parse("2026-12-04T09:00:00Z"), clock.dueAt());
        assertFalse(clock.paused());
    }

    @Test
    void anExtensionAddsCalendarMonthsButNotToTheFirstMonth() {
        LegalClock clock = LegalClock.receivedAt(RECEIVED).extendedBy(2);

        assertEquals(Instant.parse("2027-02-01T09:00:00Z"), clock.dueAt());
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), clock.firstMonthEnd());
        assertThrows(IllegalArgumentException.class, () -> clock.extendedBy(1), "extended once");
    }

    @Test
    void aDecisionWithinTheMonthCountsPausesAndNotTheExtension() {
        LegalClock clock = LegalClock.receivedAt(RECEIVED).withPause(RECEIVED, RECEIVED.plus(Duration.ofDays(5))).extendedBy(1);

        assertTrue(clock.withinFirstMonth(Instant.parse("2026-12-06T09:00:00Z")));
        assertFalse(clock.withinFirstMonth(Instant.parse("2026-12-06T09:00:01Z")));
        assertEquals(Duration.ofDays(25), clock.runningTime(RECEIVED.plus(Duration.ofDays(30))));
    }

    @Test
    void anOverdueRequestHasNoDaysLeft() {
        LegalClock clock = LegalClock.receivedAt(RECEIVED);

        assertEquals(0, clock.daysLeft(Instant.parse("2026-12-01T09:00:00Z")));
        assertEquals(-2, clock.daysLeft(Instant.parse("2026-12-03T10:00:00Z")));
    }

    @Test
    void theClockTravelsInEventsAsJson() {
        LegalClock clock = LegalClock.receivedAt(RECEIVED).withPause(RECEIVED, RECEIVED.plusSeconds(60)).pausedAt(RECEIVED.plusSeconds(120));
        RequestSubmitted submitted = RequestSubmitted.of(UUID.randomUUID(), ClaimType.GDPR_ERASURE, "cr1_00")
                .imageUrls(List.of("https://example.org/a.jpg")).clock(clock).build();

        String json = EventCodec.write(submitted);

        assertTrue(json.contains("\"receivedAt\":\"2026-11-01T09:00:00Z\""), json);
        assertEquals(clock, EventCodec.read(json, RequestSubmitted.class).clock());
        RequestVerified verified = RequestVerified.of(submitted, 0, List.of());
        assertEquals(clock, EventCodec.read(EventCodec.write(verified), RequestVerified.class).clock());
        assertEquals(clock, MatchesFound.of(verified, "demo", "2026-11", List.of(), 0).clock(),
                "matching passes the clock on");
    }
}
