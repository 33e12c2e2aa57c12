package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * The claimant answered a reviewer's request for more information on their status page. The
 * answer itself is personal data and stays in intake: reviewers read it through intake's
 * internal API as reply {@code replyId}. Review restarts the paused clock.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InformationProvided(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        UUID replyId) implements TakedownEvent {

    /** The claimant just answered with reply {@code replyId}. */
    public static InformationProvided of(UUID requestId, UUID replyId) {
        return new InformationProvided(UUID.randomUUID(), Instant.now(), requestId, replyId);
    }

    @Override
    public String topic() {
        return Topics.REQUESTS_INFORMATION_PROVIDED;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_INFORMATION_PROVIDED;
    }
}
