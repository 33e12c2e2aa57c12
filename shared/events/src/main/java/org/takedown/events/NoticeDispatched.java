package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** A removal notice reached one vendor's webhook (it answered 2xx). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NoticeDispatched(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        UUID noticeId,
        String vendorId,
        int itemCount) implements TakedownEvent {

    /** Notice {@code noticeId} of {@code requestId}, naming {@code itemCount} items, was just delivered to {@code vendorId}. */
    public static NoticeDispatched of(UUID requestId, UUID noticeId, String vendorId, int itemCount) {
        return new NoticeDispatched(UUID.randomUUID(), Instant.now(), requestId, noticeId, vendorId, itemCount);
    }

    @Override
    public String topic() {
        return Topics.NOTICES_DISPATCHED;
    }

    @Override
    public String type() {
        return EventTypes.NOTICE_DISPATCHED;
    }
}
