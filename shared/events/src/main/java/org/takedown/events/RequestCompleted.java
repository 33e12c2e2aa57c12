package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** Every vendor that had to be told about the request was told; the request is done. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestCompleted(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        int noticeCount) implements TakedownEvent {

    /** All {@code noticeCount} vendors just reported {@code requestId} applied. */
    public static RequestCompleted of(UUID requestId, int noticeCount) {
        return new RequestCompleted(UUID.randomUUID(), Instant.now(), requestId, noticeCount);
    }

    @Override
    public String topic() {
        return Topics.REQUESTS_COMPLETED;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_COMPLETED;
    }
}
