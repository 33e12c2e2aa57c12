package org.takedown.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event carries. Implementations are records; each names its topic and CloudEvents
 * type so that a publisher cannot pair an event with the wrong topic.
 *
 * <p>Events never carry personal data or images: only ids, hashes, public data set references
 * (URLs, captions) and the pseudonymous {@link ClaimantRef}.
 */
public interface TakedownEvent {

    UUID eventId();

    Instant occurredAt();

    /** The takedown request this event belongs to; also the Kafka record key. */
    UUID requestId();

    String topic();

    String type();
}
