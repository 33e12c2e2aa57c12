package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * A claimant whose request was denied appealed (once per request). The grounds stay in intake
 * as reply {@code replyId}; review reopens the case for a reviewer other than the one who denied it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AppealFiled(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        UUID replyId) implements TakedownEvent {

    /** The claimant just appealed with reply {@code replyId}. */
    public static AppealFiled of(UUID requestId, UUID replyId) {
        return new AppealFiled(UUID.randomUUID(), Instant.now(), requestId, replyId);
    }

    @Override
    public String topic() {
        return Topics.REQUESTS_APPEALED;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_APPEALED;
    }
}
