package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A reviewer asked the claimant for more information; the case clock is paused until the
 * claimant answers. {@code reasonCodes} say what is needed (intake explains each in plain words);
 * the reviewer's own words, if any, were stored in intake as message {@code messageId} (may be null).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InformationRequested(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        UUID caseId,
        List<String> reasonCodes,
        UUID messageId) implements TakedownEvent {

    public InformationRequested {
        reasonCodes = List.copyOf(reasonCodes);
    }

    /** Case {@code caseId} just asked the claimant for more, for {@code reasonCodes}, in message {@code messageId} (or null). */
    public static InformationRequested of(UUID requestId, UUID caseId, List<String> reasonCodes, UUID messageId) {
        return new InformationRequested(UUID.randomUUID(), Instant.now(), requestId, caseId, reasonCodes, messageId);
    }

    @Override
    public String topic() {
        return Topics.REVIEWS_INFORMATION_REQUESTED;
    }

    @Override
    public String type() {
        return EventTypes.REVIEW_INFORMATION_REQUESTED;
    }
}
