package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A reviewer decided a case. Approved items are what propagation tells vendors to remove;
 * a denial carries a reason code and no items.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReviewDecided(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        UUID caseId,
        ClaimType claimType,
        ReviewOutcome outcome,
        String datasetId,
        String releaseId,
        List<RemovalItem> approvedItems,
        String reasonCode) implements TakedownEvent {

    public ReviewDecided {
        approvedItems = List.copyOf(approvedItems);
    }

    @Override
    public String topic() {
        return Topics.REVIEWS_DECIDED;
    }

    @Override
    public String type() {
        return EventTypes.REVIEW_DECIDED;
    }
}
