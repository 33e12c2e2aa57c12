package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * Verification refused the request; {@code reasonCode} is shown to the claimant in plain words by intake.
 * {@code duplicateOf} names the earlier request of the same claimant with the same targets when the
 * reason is {@code DUPLICATE_REQUEST}; null otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestRejected(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        String reasonCode,
        UUID duplicateOf) implements TakedownEvent {

    /** Verification rejected {@code requestId} just now; {@code duplicateOf} names the request it repeats, if any. */
    public static RequestRejected of(UUID requestId, String reasonCode, UUID duplicateOf) {
        return new RequestRejected(UUID.randomUUID(), Instant.now(), requestId, reasonCode, duplicateOf);
    }

    @JsonCreator
    public RequestRejected {
    }

    public RequestRejected(UUID eventId, Instant occurredAt, UUID requestId, String reasonCode) {
        this(eventId, occurredAt, requestId, reasonCode, null);
    }

    @Override
    public String topic() {
        return Topics.REQUESTS_REJECTED;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_REJECTED;
    }
}
