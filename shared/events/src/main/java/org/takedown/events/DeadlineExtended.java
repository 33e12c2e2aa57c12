package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * A reviewer extended the case deadline (GDPR Art. 12(3): by up to two months, telling the
 * claimant why within the first month). The reviewer's explanation, if any, is message
 * {@code messageId} in intake (may be null).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadlineExtended(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        UUID caseId,
        Instant newDeadline,
        String reasonCode,
        UUID messageId,
        Integer months) implements TakedownEvent {

    @JsonCreator
    public DeadlineExtended {
    }

    /** An extension whose length is not carried (events written before {@code months} was). */
    public DeadlineExtended(UUID eventId, Instant occurredAt, UUID requestId, UUID caseId, Instant newDeadline,
            String reasonCode, UUID messageId) {
        this(eventId, occurredAt, requestId, caseId, newDeadline, reasonCode, messageId, null);
    }

    /** Case {@code caseId} is now due at {@code newDeadline}, told to the claimant in message {@code messageId} (or null). */
    public static DeadlineExtended of(UUID requestId, UUID caseId, Instant newDeadline, String reasonCode, UUID messageId) {
        return new DeadlineExtended(UUID.randomUUID(), Instant.now(), requestId, caseId, newDeadline, reasonCode, messageId, null);
    }

    /** As {@link #of(UUID, UUID, Instant, String, UUID)}, naming the extension's length (1 or 2 months). */
    public static DeadlineExtended of(UUID requestId, UUID caseId, Instant newDeadline, String reasonCode, UUID messageId,
            int months) {
        return new DeadlineExtended(UUID.randomUUID(), Instant.now(), requestId, caseId, newDeadline, reasonCode, messageId,
                months);
    }

    @Override
    public String topic() {
        return Topics.REVIEWS_DEADLINE_EXTENDED;
    }

    @Override
    public String type() {
        return EventTypes.REVIEW_DEADLINE_EXTENDED;
    }
}
