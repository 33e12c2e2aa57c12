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
 *
 * <p>{@code carriedToRelease} (optional, added later; null: the request's own decision) names the release of a
 * carry-over case (ADR 017): near copies of removed items found in a newly activated release, decided on their own.
 * Such a decision adds to the request's removals (or not); it never changes what the request's own decision was.
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
        List<String> scopes,
        String carriedToRelease) implements TakedownEvent {

    public ReviewDecided {
        approvedItems = List.copyOf(approvedItems);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** The request's own decision (not a carry-over case's). */
    public ReviewDecided(UUID eventId, Instant occurredAt, UUID requestId, UUID caseId, ClaimType claimType,
            ReviewOutcome outcome, String datasetId, String releaseId, List<RemovalItem> approvedItems, String reasonCode,
            List<String> scopes) {
        this(eventId, occurredAt, requestId, caseId, claimType, outcome, datasetId, releaseId, approvedItems, reasonCode,
                scopes, null);
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
                reasonCode, scopes, carriedToRelease);
    }

    /**
     * Case {@code caseId} of {@code requestId} was just decided with {@code outcome}; the release, the
     * approved items, the reason and the scopes are named by the returned builder.
     */
    public static Builder of(UUID requestId, UUID caseId, ClaimType claimType, ReviewOutcome outcome) {
        return new Builder(requestId, caseId, claimType, outcome);
    }

    /** Names the fields of a decision at the call site; {@link #build()} mints the event id and time. */
    public static final class Builder {
        private final UUID requestId;
        private final UUID caseId;
        private final ClaimType claimType;
        private final ReviewOutcome outcome;
        private String datasetId;
        private String releaseId;
        private List<RemovalItem> approvedItems = List.of();
        private String reasonCode;
        private List<String> scopes = List.of();
        private String carriedToRelease;

        private Builder(UUID requestId, UUID caseId, ClaimType claimType, ReviewOutcome outcome) {
            this.requestId = requestId;
            this.caseId = caseId;
            this.claimType = claimType;
            this.outcome = outcome;
        }

        /** The data set release the candidates were found in. */
        public Builder release(String datasetId, String releaseId) {
            this.datasetId = datasetId;
            this.releaseId = releaseId;
            return this;
        }

        public Builder approvedItems(List<RemovalItem> items) {
            this.approvedItems = items;
            return this;
        }

        public Builder reasonCode(String code) {
            this.reasonCode = code;
            return this;
        }

        /** Removal scopes beyond the listed items (e.g. a whole domain of a site opt-out). */
        public Builder scopes(List<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        /** The decision is a carry-over case's, about near copies found in {@code releaseId} (null: the request's own). */
        public Builder carriedTo(String releaseId) {
            this.carriedToRelease = releaseId;
            return this;
        }

        public ReviewDecided build() {
            return new ReviewDecided(UUID.randomUUID(), Instant.now(), requestId, caseId, claimType, outcome, datasetId, releaseId,
                    approvedItems, reasonCode, scopes, carriedToRelease);
        }
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
