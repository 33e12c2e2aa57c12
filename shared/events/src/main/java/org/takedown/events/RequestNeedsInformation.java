package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Verification found the claim incomplete for its legal basis; intake asks the claimant for the
 * {@code missingElements} (element names as in the verification README, no content).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestNeedsInformation(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        ClaimType claimType,
        List<String> missingElements) implements TakedownEvent {

    /** Verification found {@code missingElements} (legal element names, no content) missing just now. */
    public static RequestNeedsInformation of(UUID requestId, ClaimType claimType, List<String> missingElements) {
        return new RequestNeedsInformation(UUID.randomUUID(), Instant.now(), requestId, claimType, missingElements);
    }

    public RequestNeedsInformation {
        missingElements = List.copyOf(missingElements);
    }

    @Override
    public String topic() {
        return Topics.REQUESTS_NEEDS_INFORMATION;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_NEEDS_INFORMATION;
    }
}
