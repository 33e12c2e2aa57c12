package org.takedown.messaging;

import java.util.UUID;

/**
 * CDI event fired by the {@link OutboxRelay} after it parked an outbox row (ADR 012), so that the
 * service that wrote the row can tell the people waiting for it: intake, for example, puts the
 * request on hold. Fired on the relay's thread after the parking committed; an observer that fails
 * does not stop the relay, and {@link ParkedOutbox} lists the same rows for a service that must not
 * miss one (after a restart, say).
 *
 * @param reason     why Kafka refused the row, or which parked row it waits behind
 * @param heldBehind the event id of the refused row this one waits behind; null for the refused row itself
 */
public record OutboxEventParked(UUID eventId, String topic, String key, String type, String reason, UUID heldBehind) {

    /** Whether Kafka refused this row itself, rather than it waiting behind a refused row of its key. */
    public boolean refused() {
        return heldBehind == null;
    }
}
