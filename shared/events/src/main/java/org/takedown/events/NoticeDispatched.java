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

    @Override
    public String topic() {
        return Topics.NOTICES_DISPATCHED;
    }

    @Override
    public String type() {
        return EventTypes.NOTICE_DISPATCHED;
    }
}
