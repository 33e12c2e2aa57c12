package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** Verification refused the request; {@code reasonCode} is shown to the claimant in plain words by intake. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestRejected(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        String reasonCode) implements TakedownEvent {

    @Override
    public String topic() {
        return Topics.REQUESTS_REJECTED;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_REJECTED;
    }
}
