package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** A vendor moved a notice on, e.g. to {@code ACKNOWLEDGED}, {@code APPLIED} or {@code DISPUTED}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NoticeAcknowledged(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        UUID noticeId,
        String vendorId,
        String state) implements TakedownEvent {

    @Override
    public String topic() {
        return Topics.NOTICES_ACKNOWLEDGED;
    }

    @Override
    public String type() {
        return EventTypes.NOTICE_ACKNOWLEDGED;
    }
}
