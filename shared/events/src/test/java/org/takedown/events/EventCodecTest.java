package org.takedown.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void eventSurvivesRoundTrip() {
        var event = new MatchesFound(UUID.randomUUID(), Instant.parse("2026-11-28T10:15:30Z"), UUID.randomUUID(),
                ClaimType.COPYRIGHT, "demo", "2026-11",
                List.of(new MatchCandidate("42", "https://a.example/x.jpg", "a cat", List.of("EXACT_URL"), 1.0)), 1);

        assertEquals(event, EventCodec.read(EventCodec.write(event), MatchesFound.class));
    }

    @Test
    void lifecycleEventsSurviveRoundTrip() {
        Instant at = Instant.parse("2026-11-28T10:15:30Z");
        UUID request = UUID.randomUUID();
        UUID caseId = UUID.randomUUID();
        List<TakedownEvent> events = List.of(
                new RequestWithdrawn(UUID.randomUUID(), at, request),
                new InformationProvided(UUID.randomUUID(), at, request, UUID.randomUUID()),
                new AppealFiled(UUID.randomUUID(), at, request, UUID.randomUUID()),
                new InformationRequested(UUID.randomUUID(), at, request, caseId, List.of("IDENTITY_PROOF"), null),
                new DeadlineExtended(UUID.randomUUID(), at, request, caseId, at.plusSeconds(86_400 * 60), "COMPLEXITY",
                        UUID.randomUUID()),
                new DecisionReversed(UUID.randomUUID(), at, request, caseId, "WRONG_MATCH",
                        List.of(new RemovalItem("42", "https://a.example/x.jpg"))),
                new NoticeAcknowledged(UUID.randomUUID(), at, request, UUID.randomUUID(), "acme", "DISPUTED", "NOT_IN_OUR_COPY"));

        for (TakedownEvent event : events) {
            assertEquals(event, EventCodec.read(EventCodec.write(event), event.getClass()), event.getClass().getSimpleName());
        }
    }

    @Test
    void candidatesCarryTheirSignalsRawScoresAndOlderOnesReadWithout() {
        var scored = new MatchCandidate("42", "https://a.example/x.jpg", "a cat", List.of("PDQ"), 0.8,
                List.of(new SignalScore("PDQ", 12.0, "evidence image 1, rotated 90°")));
        var event = new MatchesFound(UUID.randomUUID(), Instant.parse("2026-11-28T10:15:30Z"), UUID.randomUUID(),
                ClaimType.COPYRIGHT, "demo", "2026-11", List.of(scored), 1);
        assertEquals(event, EventCodec.read(EventCodec.write(event), MatchesFound.class));

        String older = EventCodec.write(event).replaceAll(",\\s*\"scores\":\\[[^\\]]*\\]", "");
        org.junit.jupiter.api.Assertions.assertFalse(older.contains("scores"), older);
        MatchCandidate read = EventCodec.read(older, MatchesFound.class).candidates().get(0);
        assertEquals(List.of(), read.scores(), older);
        assertEquals(List.of("PDQ"), read.signals());
    }

    @Test
    void removedItemsCarryTheirPdqHashAndOlderOnesReadWithout() {
        String pdq = "0123456789abcdef".repeat(4);
        var decided = new ReviewDecided(UUID.randomUUID(), Instant.parse("2026-11-28T10:15:30Z"), UUID.randomUUID(),
                UUID.randomUUID(), ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, "demo", "2026-11",
                List.of(new RemovalItem("42", "https://a.example/x.jpg", pdq)), null);
        assertEquals(pdq, EventCodec.read(EventCodec.write(decided), ReviewDecided.class).approvedItems().get(0).pdq());

        String older = EventCodec.write(decided).replace(",\"pdq\":\"" + pdq + "\"", "");
        org.junit.jupiter.api.Assertions.assertFalse(older.contains("pdq"), older);
        RemovalItem read = EventCodec.read(older, ReviewDecided.class).approvedItems().get(0);
        assertEquals(new RemovalItem("42", "https://a.example/x.jpg"), read);
        assertEquals(null, read.pdq());
    }

    @Test
    void aDecisionCarriesItsScopesAndOlderOnesReadWithNone() {
        var decided = new ReviewDecided(UUID.randomUUID(), Instant.parse("2026-11-28T10:15:30Z"), UUID.randomUUID(),
                UUID.randomUUID(), ClaimType.SITE_OPT_OUT, ReviewOutcome.APPROVED, "demo", "2026-11",
                List.of(new RemovalItem("42", "https://a.example/x.jpg")), null, List.of("example.org", "https://b.example/p/"));
        String written = EventCodec.write(decided);
        assertEquals(List.of("example.org", "https://b.example/p/"), EventCodec.read(written, ReviewDecided.class).scopes());

        String older = written.replaceAll(",\\s*\"scopes\":\\[[^\\]]*\\]", "");
        org.junit.jupiter.api.Assertions.assertFalse(older.contains("scopes"), older);
        assertEquals(List.of(), EventCodec.read(older, ReviewDecided.class).scopes());
    }

    @Test
    void acknowledgementWithoutReasonCodeStillReads() {
        String json = """
                {"eventId":"%s","occurredAt":"2026-11-28T10:15:30Z","requestId":"%s","noticeId":"%s",
                 "vendorId":"acme","state":"APPLIED"}""".formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        NoticeAcknowledged event = EventCodec.read(json, NoticeAcknowledged.class);

        assertEquals("APPLIED", event.state());
        assertEquals(null, event.reasonCode());
    }

    @Test
    void everyTopicHasItsOwnName() {
        assertEquals(Topics.all().size(), new java.util.HashSet<>(Topics.all()).size());
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersCanAddFields() {
        UUID eventId = UUID.randomUUID();
        UUID requestId = UUID.randomUUID();
        String json = """
                {"eventId":"%s","occurredAt":"2026-11-28T10:15:30Z","requestId":"%s",
                 "reasonCode":"NO_TARGETS","addedInV2":{"anything":true}}""".formatted(eventId, requestId);

        RequestRejected event = EventCodec.read(json, RequestRejected.class);

        assertEquals("NO_TARGETS", event.reasonCode());
        assertEquals(requestId, event.requestId());
    }

    @Test
    void garbageIsAMalformedEvent() {
        assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.read("{not json", RequestRejected.class));
    }

    @Test
    void eventWithoutIdsIsAMalformedEvent() {
        assertThrows(EventCodec.MalformedEventException.class,
                () -> EventCodec.read("{\"reasonCode\":\"X\"}", RequestRejected.class));
    }
}
