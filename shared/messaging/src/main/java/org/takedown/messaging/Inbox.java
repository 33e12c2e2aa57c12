package org.takedown.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.takedown.events.TakedownEvent;

/**
 * Applies an event at most once per consumer: the processed-event row and the effect commit in
 * one transaction, so a redelivered event (Kafka is at-least-once) finds its row and is skipped.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final EntityManager entityManager;
    private final String table;

    Inbox(EntityManager entityManager, MessagingConfig config) {
        this.entityManager = entityManager;
        this.table = SqlNames.qualified(config.schema(), "processed_event");
    }

    /**
     * Runs {@code effect} unless {@code consumer} already processed this event.
     *
     * @return whether the effect ran
     */
    @Transactional
    public <T extends TakedownEvent> boolean process(String consumer, T event, Consumer<T> effect) {
        // A concurrent duplicate blocks on the primary key until the first commits, then inserts nothing.
        int inserted = entityManager.createNativeQuery("INSERT INTO " + table
                        + " (event_id, consumer) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, event.eventId())
                .setParameter(2, consumer)
                .executeUpdate();
        if (inserted == 0) {
            LOG.debugf("event %s already processed by %s, skipped", event.eventId(), consumer);
            return false;
        }
        effect.accept(event);
        return true;
    }
}
