package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * A vendor moved a notice on, e.g. to {@code ACKNOWLEDGED}, {@code APPLIED} or {@code DISPUTED}.
 * A dispute carries the vendor's {@code reasonCode} (null otherwise); review reopens the case.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NoticeAcknowledged(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        UUID noticeId,
        String vendorId,
        String state,
        String reasonCode) implements TakedownEvent {

    /** {@code vendorId} just reported {@code state} (with {@code reasonCode}, or null) for notice {@code noticeId}. */
    public static NoticeAcknowledged of(UUID requestId, UUID noticeId, String vendorId, String state, String reasonCode) {
        return new NoticeAcknowledged(UUID.randomUUID(), Instant.now(), requestId, noticeId, vendorId, state, reasonCode);
    }

    public NoticeAcknowledged(UUID eventId, Instant occurredAt, UUID requestId, UUID noticeId, String vendorId, String state) {
        this(eventId, occurredAt, requestId, noticeId, vendorId, state, null);
    }

    @Override
    public String topic() {
        return Topics.NOTICES_ACKNOWLEDGED;
    }

    @Override
    public String type() {
        return EventTypes.NOTICE_ACKNOWLEDGED;
    }
}
