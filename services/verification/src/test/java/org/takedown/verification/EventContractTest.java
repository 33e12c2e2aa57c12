package org.takedown.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestSubmitted;

/** The additive fields this service reads and writes stay readable by old and new parties. */
class EventContractTest {

    @Test
    void submittedEventWithoutStatementElementsReadsAsNotReported() {
        String old = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"requestId\":\""
                + UUID.randomUUID() + "\",\"claimType\":\"COPYRIGHT\",\"claimantRef\":\"cr1_x\",\"imageUrls\":[],"
                + "\"domains\":[],\"textQueryCount\":1,\"evidenceImageCount\":0}";
        assertNull(EventCodec.read(old, RequestSubmitted.class).statementElements());
    }

    @Test
    void statementElementsSurviveTheCodec() {
        RequestSubmitted event = new RequestSubmitted(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"), UUID.randomUUID(),
                ClaimType.GDPR_ERASURE, "cr1_x", List.of(), List.of("example.org"), 0, 0, List.of("jurisdiction"));
        assertEquals(event, EventCodec.read(EventCodec.write(event), RequestSubmitted.class));
    }

    @Test
    void rejectedEventCarriesTheLinkToTheEarlierRequest() {
        UUID earlier = UUID.randomUUID();
        RequestRejected event = new RequestRejected(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"), UUID.randomUUID(),
                "DUPLICATE_REQUEST", earlier);
        assertEquals(earlier, EventCodec.read(EventCodec.write(event), RequestRejected.class).duplicateOf());
    }
}
