package org.takedown.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import org.takedown.events.EventCodec;
import org.takedown.events.TakedownEvent;

/**
 * Records an event for publication in the caller's transaction. The event reaches Kafka only if
 * that transaction commits: never persist-then-send, so nothing is lost when Kafka is away and
 * nothing is announced that did not happen.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final RequestTraces traces;
    private final String table;

    Outbox(EntityManager entityManager, TransactionSynchronizationRegistry transactions, OutboxRelay relay,
            RequestTraces traces, MessagingConfig config) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.relay = relay;
        this.traces = traces;
        this.table = SqlNames.qualified(config.schema(), "outbox_event");
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(TakedownEvent event) {
        entityManager.createNativeQuery("INSERT INTO " + table
                        + " (event_id, topic, message_key, event_type, payload, occurred_at, trace_parent)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, event.eventId())
                .setParameter(2, event.topic())
                .setParameter(3, event.requestId().toString())
                .setParameter(4, event.type())
                .setParameter(5, EventCodec.write(event))
                .setParameter(6, Timestamp.from(event.occurredAt()))
                .setParameter(7, traces.forPublication(event.requestId(), event.type()))
                .executeUpdate();
        // The scheduled relay would find the row within a second; waking it after commit saves that second.
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }
}
