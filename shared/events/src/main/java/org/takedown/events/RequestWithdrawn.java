package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * The claimant withdrew the request. Review closes its case and propagation
 * never sends a notice for it; notices already sent are followed by a reversal notice.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestWithdrawn(
        UUID eventId,
        Instant occurredAt,
        UUID requestId) implements TakedownEvent {

    /** The claimant withdrew {@code requestId} just now. */
    public static RequestWithdrawn of(UUID requestId) {
        return new RequestWithdrawn(UUID.randomUUID(), Instant.now(), requestId);
    }

    @Override
    public String topic() {
        return Topics.REQUESTS_WITHDRAWN;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_WITHDRAWN;
    }
}
