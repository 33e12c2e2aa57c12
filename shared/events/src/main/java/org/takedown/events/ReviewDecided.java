package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A reviewer decided a case. Approved items are what propagation tells vendors to remove;
 * a denial carries a reason code and no items.
 *
 * <p>{@code scopes} (optional, added later: absent or empty means the items only) are what an approval removes as a
 * whole, beyond its listed items: a host ({@code example.org}, its subdomains included) or a URL prefix
 * ({@code https://example.org/photos/}), told apart as in {@link RequestVerified#domains()} by {@code ://}. Set for an
 * approved site opt-out; propagation turns each into a rule of the removal registry.
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
        String reasonCode,
        List<String> scopes) implements TakedownEvent {

    public ReviewDecided {
        approvedItems = List.copyOf(approvedItems);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** A decision about the listed items only (no scopes). */
    public ReviewDecided(UUID eventId, Instant occurredAt, UUID requestId, UUID caseId, ClaimType claimType,
            ReviewOutcome outcome, String datasetId, String releaseId, List<RemovalItem> approvedItems, String reasonCode) {
        this(eventId, occurredAt, requestId, caseId, claimType, outcome, datasetId, releaseId, approvedItems, reasonCode,
                List.of());
    }

    /** The same decision with other approved items (and the same scopes). */
    public ReviewDecided withApprovedItems(List<RemovalItem> items) {
        return new ReviewDecided(eventId, occurredAt, requestId, caseId, claimType, outcome, datasetId, releaseId, items,
                reasonCode, scopes);
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
