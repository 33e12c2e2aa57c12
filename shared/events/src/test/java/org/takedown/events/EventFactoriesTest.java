package org.takedown.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventFactoriesTest {

    private static final UUID REQUEST = UUID.randomUUID();

    @Test
    void factoriesMintAFreshIdAndTheCurrentTime() {
        Instant before = Instant.now();
        RequestWithdrawn first = RequestWithdrawn.of(REQUEST);
        RequestWithdrawn second = RequestWithdrawn.of(REQUEST);
        assertNotEquals(first.eventId(), second.eventId());
        assertTrue(!first.occurredAt().isBefore(before) && Duration.between(before, first.occurredAt()).toSeconds() < 5);
        assertEquals(REQUEST, first.requestId());
    }

    @Test
    void aReceiptCarriesTheRequestItsClaimTypeAndTimeAndGoesToItsOwnTopic() {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        RequestReceived received = RequestReceived.of(REQUEST, ClaimType.LIKENESS, at);
        assertEquals(new RequestReceived(received.eventId(), at, REQUEST, ClaimType.LIKENESS), received);
        assertEquals(received, EventCodec.read(EventCodec.write(received), RequestReceived.class));
        assertEquals(Topics.REQUESTS_RECEIVED, received.topic());
        assertTrue(Topics.all().contains(received.topic()), "a topic every broker must hold");
        assertEquals("org.takedown.requests.received.v1", received.type());
    }

    @Test
    void aSubmissionNamesEachFieldItSets() {
        RequestSubmitted submitted = RequestSubmitted.of(REQUEST, ClaimType.COPYRIGHT, "cr1_ref")
                .imageUrls(List.of("https://a.example/1.jpg")).domains(List.of("a.example"))
                .textQueryCount(2).evidenceImageCount(3).statementElements(List.of("signature")).sourceNetworkRef("net1_x")
                .build();
        assertEquals(new RequestSubmitted(submitted.eventId(), submitted.occurredAt(), REQUEST, ClaimType.COPYRIGHT, "cr1_ref",
                List.of("https://a.example/1.jpg"), List.of("a.example"), 2, 3, List.of("signature"), "net1_x"), submitted);
    }

    @Test
    void aSubmissionLeavesWhatItDoesNotNameEmptyOrUnreported() {
        RequestSubmitted submitted = RequestSubmitted.of(REQUEST, ClaimType.LIKENESS, "cr1_ref").build();
        assertEquals(List.of(), submitted.imageUrls());
        assertEquals(0, submitted.textQueryCount());
        assertNull(submitted.statementElements());
        assertNull(submitted.sourceNetworkRef());
        assertEquals(List.of(), submitted.datasets());
    }

    @Test
    void theDataSetsASubmissionNamesTravelOnToVerified() {
        RequestSubmitted submitted = RequestSubmitted.of(REQUEST, ClaimType.COPYRIGHT, "cr1_ref")
                .imageUrls(List.of("https://a.example/1.jpg")).datasets(List.of("demo-b", "laion-5b")).build();
        assertEquals(List.of("demo-b", "laion-5b"), submitted.datasets());
        RequestSubmitted read = EventCodec.read(EventCodec.write(submitted), RequestSubmitted.class);
        assertEquals(submitted, read);
        assertEquals(List.of("demo-b", "laion-5b"), RequestVerified.of(read, 0, List.of()).datasets());
        // An event written before the field existed names none: every ACTIVE release is searched.
        String old = EventCodec.write(RequestSubmitted.of(REQUEST, ClaimType.COPYRIGHT, "cr1_ref").build())
                .replace(",\"datasets\":[]", "");
        assertFalse(old.contains("datasets"), old);
        assertEquals(List.of(), EventCodec.read(old, RequestSubmitted.class).datasets());
    }

    @Test
    void aVerdictCarriesTheSubmissionsTargetsForward() {
        RequestSubmitted submitted = RequestSubmitted.of(REQUEST, ClaimType.SITE_OPT_OUT, "cr1_ref")
                .domains(List.of("b.example")).textQueryCount(1).evidenceImageCount(4).build();
        RequestVerified verified = RequestVerified.of(submitted, 7, List.of("NEW_CLAIMANT"));
        assertEquals(new RequestVerified(verified.eventId(), verified.occurredAt(), REQUEST, ClaimType.SITE_OPT_OUT, List.of(),
                List.of("b.example"), 1, 4, 7, List.of("NEW_CLAIMANT")), verified);
        assertNotEquals(submitted.eventId(), verified.eventId());
    }

    @Test
    void aDecisionNamesItsReleaseItemsReasonAndScopes() {
        UUID caseId = UUID.randomUUID();
        List<RemovalItem> items = List.of();
        ReviewDecided decided = ReviewDecided.of(REQUEST, caseId, ClaimType.GDPR_ERASURE, ReviewOutcome.APPROVED)
                .release("laion-demo", "r1").approvedItems(items).reasonCode("OK").scopes(List.of("domain:a.example"))
                .build();
        assertEquals(new ReviewDecided(decided.eventId(), decided.occurredAt(), REQUEST, caseId, ClaimType.GDPR_ERASURE,
                ReviewOutcome.APPROVED, "laion-demo", "r1", items, "OK", List.of("domain:a.example")), decided);
    }

    @Test
    void anActivationIsKeyedByItsDataSetSoActivationsOfOneDataSetStayInOrder() {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        ReleaseActivated first = ReleaseActivated.of("demo-a", "2026-12", 42, at);
        ReleaseActivated second = ReleaseActivated.of("demo-a", "2027-01", 7, at);
        assertEquals(first.requestId(), second.requestId());
        assertNotEquals(first.requestId(), ReleaseActivated.of("demo-b", "2026-12", 42, at).requestId());
        assertEquals(new ReleaseActivated(first.eventId(), first.occurredAt(), first.requestId(), "demo-a", "2026-12", 42, at),
                first);
        assertEquals(Topics.RELEASES_ACTIVATED, first.topic());
    }

    @Test
    void aCarryOverNamesTheRequestTheReleaseAndWhatWasFoundThere() {
        Instant decided = Instant.parse("2026-11-01T00:00:00Z");
        RemovalItem again = new RemovalItem("i9", "https://a.example/1.jpg", null, "demo-a", "2026-12");
        RemovalsCarriedOver.NearDuplicate near = new RemovalsCarriedOver.NearDuplicate("i10", "https://c.example/3.jpg",
                "ab".repeat(32), 12, "i3", "https://a.example/3.jpg", "2026-06");
        RemovalsCarriedOver event = RemovalsCarriedOver.of(REQUEST, "demo-a", "2026-12", decided, List.of(again), List.of(near));
        assertEquals(new RemovalsCarriedOver(event.eventId(), event.occurredAt(), REQUEST, "demo-a", "2026-12", decided,
                List.of(again), List.of(near)), event);
        assertEquals(event, EventCodec.read(EventCodec.write(event), RemovalsCarriedOver.class));
        assertEquals(List.of(), RemovalsCarriedOver.of(REQUEST, "demo-a", "2026-12", decided, null, null).nearDuplicates());
    }
}
