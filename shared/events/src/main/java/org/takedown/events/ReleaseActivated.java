package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A data set release became ACTIVE in matching's registry (or an operator activated it again): every later request is
 * matched against it, and past removals of its data set are to be looked up in it. Public facts only.
 *
 * <p>No request owns this event: {@link #requestId()} is the data set's {@link #keyOf key}, so that all activations of
 * one data set land on one partition, in order.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseActivated(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        String datasetId,
        String releaseId,
        long itemCount,
        Instant activatedAt) implements TakedownEvent {

    /** Release {@code releaseId} of {@code datasetId}, holding {@code itemCount} items, is ACTIVE since {@code activatedAt}. */
    public static ReleaseActivated of(String datasetId, String releaseId, long itemCount, Instant activatedAt) {
        return new ReleaseActivated(UUID.randomUUID(), Instant.now(), keyOf(datasetId), datasetId, releaseId, itemCount,
                activatedAt);
    }

    /** The Kafka key of a data set's registry events: a name-based UUID of its id. */
    public static UUID keyOf(String datasetId) {
        return UUID.nameUUIDFromBytes(("dataset:" + datasetId).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String topic() {
        return Topics.RELEASES_ACTIVATED;
    }

    @Override
    public String type() {
        return EventTypes.RELEASE_ACTIVATED;
    }
}
