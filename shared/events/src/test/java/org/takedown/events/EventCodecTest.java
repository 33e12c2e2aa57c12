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
