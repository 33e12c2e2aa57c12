package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An admin (the data set maintainer) reversed an approval. Propagation sends a reversal notice
 * for {@code reversedItems} to every vendor that was told to remove them, and the removal
 * registry and feed record the reversal.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionReversed(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        UUID caseId,
        String reasonCode,
        List<RemovalItem> reversedItems) implements TakedownEvent {

    public DecisionReversed {
        reversedItems = List.copyOf(reversedItems);
    }

    /** Case {@code caseId} of {@code requestId} just took back its approval of {@code reversedItems}. */
    public static DecisionReversed of(UUID requestId, UUID caseId, String reasonCode, List<RemovalItem> reversedItems) {
        return new DecisionReversed(UUID.randomUUID(), Instant.now(), requestId, caseId, reasonCode, reversedItems);
    }

    @Override
    public String topic() {
        return Topics.REVIEWS_REVERSED;
    }

    @Override
    public String type() {
        return EventTypes.REVIEW_REVERSED;
    }
}
