package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A request's removals were looked up in a newly activated release of their data set. {@code removedAgain}: the same
 * URL or the same picture (PDQ distance 0) is in the new release, and it was removed there without a new decision
 * (propagation notified the subscribed vendors). {@code nearDuplicates}: only a near copy (PDQ within the match
 * threshold) is there; a reviewer decides about it, with the original decision of {@code decidedAt} in view.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemovalsCarriedOver(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        String datasetId,
        String releaseId,
        Instant decidedAt,
        List<RemovalItem> removedAgain,
        List<NearDuplicate> nearDuplicates) implements TakedownEvent {

    public RemovalsCarriedOver {
        removedAgain = removedAgain == null ? List.of() : List.copyOf(removedAgain);
        nearDuplicates = nearDuplicates == null ? List.of() : List.copyOf(nearDuplicates);
    }

    /**
     * An item of the new release near a removed one.
     *
     * @param itemId the new item's id in the release
     * @param url its URL
     * @param pdq its PDQ hash (64 hex digits)
     * @param distance Hamming distance to the removed item's hash (1 … the match threshold)
     * @param removedItemId the removed item's id in its own release
     * @param removedUrl the removed item's URL
     * @param removedReleaseId the release the removed item was decided in
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NearDuplicate(String itemId, String url, String pdq, int distance, String removedItemId,
            String removedUrl, String removedReleaseId) {
    }

    /** What the lookup of {@code requestId}'s removals (decided at {@code decidedAt}) in release {@code releaseId} found. */
    public static RemovalsCarriedOver of(UUID requestId, String datasetId, String releaseId, Instant decidedAt,
            List<RemovalItem> removedAgain, List<NearDuplicate> nearDuplicates) {
        return new RemovalsCarriedOver(UUID.randomUUID(), Instant.now(), requestId, datasetId, releaseId, decidedAt,
                removedAgain, nearDuplicates);
    }

    @Override
    public String topic() {
        return Topics.REMOVALS_CARRIED_OVER;
    }

    @Override
    public String type() {
        return EventTypes.REMOVALS_CARRIED_OVER;
    }
}
