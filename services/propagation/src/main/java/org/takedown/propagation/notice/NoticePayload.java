package org.takedown.propagation.notice;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a vendor receives: which items of which release to act on, on what legal basis, and what
 * to do. Nothing about the person who asked. {@code rules} (left out when there are none) are whole hosts and URL
 * prefixes removed beside the items: every URL under one is removed, listed or not.
 */
public record NoticePayload(
        UUID noticeId,
        String type,
        String datasetId,
        String releaseId,
        String legalBasis,
        List<String> actions,
        List<Item> items,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Rule> rules,
        Instant issuedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) CarriedOver carriedOver) {

    public NoticePayload {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public NoticePayload(UUID noticeId, String type, String datasetId, String releaseId, String legalBasis,
            List<String> actions, List<Item> items, List<Rule> rules, Instant issuedAt) {
        this(noticeId, type, datasetId, releaseId, legalBasis, actions, items, rules, issuedAt, null);
    }

    public NoticePayload(UUID noticeId, String type, String datasetId, String releaseId, String legalBasis,
            List<String> actions, List<Item> items, Instant issuedAt) {
        this(noticeId, type, datasetId, releaseId, legalBasis, actions, items, List.of(), issuedAt);
    }

    public static final String REMOVAL = "takedown.removal";
    public static final String REMINDER = "takedown.removal.reminder";
    public static final String REVERSAL = "takedown.removal.reversed";
    public static final List<String> REMOVAL_ACTIONS = List.of("REMOVE_FROM_COPIES", "EXCLUDE_FROM_FUTURE_TRAINING");

    /**
     * One item: its id, URL and, when the decision carried one, its PDQ perceptual hash (64 hex digits); when the
     * notice lists items of several releases (its own {@code datasetId}/{@code releaseId} are {@code *}), the data
     * set and release each item is in (else left out: the notice's).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String itemId, String url, String pdq, String datasetId, String releaseId) {

        public Item(String itemId, String url, String pdq) {
            this(itemId, url, pdq, null, null);
        }
    }

    /**
     * A removal carried over to a newly activated release (ADR 017): its items are the same URLs or pictures as items
     * removed by an earlier decision, found again in this notice's release and removed without a new decision.
     *
     * @param noticeId the removal notice this vendor received for that decision, if it received one
     * @param decidedAt when the decision was made
     * @param fromReleaseIds the releases the items were removed from before
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CarriedOver(UUID noticeId, Instant decidedAt, List<String> fromReleaseIds) {
    }

    /** {@code datasetId}/{@code releaseId} of a notice whose items are in several releases. */
    public static final String SEVERAL = "*";

    /**
     * A rule: {@code kind} {@code DOMAIN} ({@code value} a host; the host and every subdomain) or {@code PREFIX}
     * ({@code value} a URL ending in {@code /}; that host's URLs whose path starts there, compared at {@code /}).
     */
    public record Rule(String kind, String value) {
    }

    /**
     * A reminder that a removal notice is still not reported APPLIED. {@code noticeId} is the removal
     * notice's id; the reminder's own id is its {@code webhook-id}.
     */
    public record Reminder(UUID reminderId, String type, UUID noticeId, String datasetId, String releaseId,
            Instant deliveredAt, Instant acknowledgementDueAt, int reminder, Instant issuedAt) {
    }

    /**
     * The items (and rules) of an earlier removal notice ({@code noticeId}) are no longer to be removed. The
     * reversal's own id is its {@code webhook-id}.
     */
    public record Reversal(UUID reversalId, String type, UUID noticeId, String datasetId, String releaseId,
            String reasonCode, List<Item> items, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Rule> rules,
            Instant issuedAt) {

        public Reversal {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }
}
