package org.takedown.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.takedown.events.EventCodec;
import org.takedown.events.TakedownEvent;

/**
 * Records an event for publication in the caller's transaction. The event reaches Kafka only if
 * that transaction commits: never persist-then-send, so nothing is lost when Kafka is away and
 * nothing is announced that did not happen.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO %s"
            + " (event_id, topic, message_key, event_type, payload, occurred_at, trace_parent)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final RequestTraces traces;
    private final String insert;

    Outbox(EntityManager entityManager, TransactionSynchronizationRegistry transactions, OutboxRelay relay,
            RequestTraces traces, MessagingConfig config) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.relay = relay;
        this.traces = traces;
        this.insert = INSERT.formatted(SqlNames.qualified(config.schema(), "outbox_event"));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(TakedownEvent event) {
        publishAll(List.of(event));
    }

    /**
     * Records several events as {@link #publish} would, in one JDBC batch (one round trip to PostgreSQL
     * instead of one per event); they go to Kafka in the order given.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<? extends TakedownEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<String> traceParents = new ArrayList<>(events.size());
        for (TakedownEvent event : events) {
            traceParents.add(traces.forPublication(event.requestId(), event.type()));
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement rows = connection.prepareStatement(insert)) {
                for (int i = 0; i < events.size(); i++) {
                    TakedownEvent event = events.get(i);
                    rows.setObject(1, event.eventId());
                    rows.setString(2, event.topic());
                    rows.setString(3, event.requestId().toString());
                    rows.setString(4, event.type());
                    rows.setString(5, EventCodec.write(event));
                    rows.setObject(6, event.occurredAt().atOffset(ZoneOffset.UTC));
                    rows.setString(7, traceParents.get(i));
                    rows.addBatch();
                }
                rows.executeBatch();
            }
        });
        wakeRelayAfterCommit();
    }

    // The scheduled relay would find the rows within a second; waking it after commit saves that second.
    private void wakeRelayAfterCommit() {
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
