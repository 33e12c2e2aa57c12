package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * Intake accepted a submission, before its address is confirmed (when confirmation is required) and before
 * anything is processed: only the request id, the claim type and the time. It feeds the public transparency
 * report's "received" count (ADR 020); nothing acts on it. A request that is never confirmed has this event and
 * no {@link RequestSubmitted}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestReceived(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        ClaimType claimType) implements TakedownEvent {

    /** Intake just accepted {@code requestId}, a request of {@code claimType}. */
    public static RequestReceived of(UUID requestId, ClaimType claimType, Instant at) {
        return new RequestReceived(UUID.randomUUID(), at, requestId, claimType);
    }

    @Override
    public String topic() {
        return Topics.REQUESTS_RECEIVED;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_RECEIVED;
    }
}
