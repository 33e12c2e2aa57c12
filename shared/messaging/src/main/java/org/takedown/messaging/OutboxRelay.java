package org.takedown.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Moves committed outbox rows to Kafka, oldest first, and deletes each row once Kafka
 * acknowledged it. Delivery is at least once: a crash between the acknowledgement and the delete
 * publishes the event again, which the consumers' {@link Inbox} absorbs.
 *
 * <p>One relay per service works at a time (a PostgreSQL advisory lock), which keeps the order
 * of events per request id when a service runs with several replicas.
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "takedown-outbox";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final MutinyEmitter<String> emitter;
    private final AgroalDataSource dataSource;
    private final MessagingConfig config;
    private final String table;
    private final URI source;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean requested = new AtomicBoolean();

    OutboxRelay(@Channel(CHANNEL) MutinyEmitter<String> emitter, AgroalDataSource dataSource, MessagingConfig config) {
        this.emitter = emitter;
        this.dataSource = dataSource;
        this.config = config;
        this.table = SqlNames.qualified(config.schema(), "outbox_event");
        this.source = URI.create(config.source());
    }

    /** Asks for a relay round soon; calls while one is pending collapse into it. */
    public void wakeUp() {
        if (requested.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                requested.set(false);
            }
        }
    }

    /** The safety net: rows whose wake-up was lost (a restart, Kafka away) go out on the next tick. */
    @Scheduled(every = "${takedown.messaging.relay-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        wakeUp();
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdown();
    }

    private void drain() {
        requested.set(false);
        try {
            int sent;
            do {
                sent = relayBatch();
            } while (sent == config.relayBatchSize());
        } catch (SQLException | RuntimeException e) {
            // Kafka or PostgreSQL is away; the rows wait in the outbox for the next tick.
            LOG.warnf("outbox relay paused: %s", e.getMessage());
        }
    }

    /** @return how many events went out */
    int relayBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!tryRelayLock(connection)) {
                    connection.rollback();
                    return 0;
                }
                List<OutboxRow> rows = oldest(connection);
                List<OutboxRow> sent = send(rows);
                delete(connection, sent);
                connection.commit();
                if (sent.size() < rows.size()) {
                    throw new IllegalStateException((rows.size() - sent.size()) + " of " + rows.size()
                            + " events not acknowledged by Kafka");
                }
                return sent.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private boolean tryRelayLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, table);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private List<OutboxRow> oldest(Connection connection) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, event_id, topic, message_key, event_type,"
                + " payload, occurred_at, trace_parent FROM " + table + " ORDER BY id LIMIT ?")) {
            select.setInt(1, config.relayBatchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getObject(7, java.time.OffsetDateTime.class), rs.getString(8)));
                }
            }
        }
        return rows;
    }

    /** Sends the rows in order and returns those Kafka acknowledged. */
    private List<OutboxRow> send(List<OutboxRow> rows) {
        List<Uni<OutboxRow>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            Uni<OutboxRow> ack = emitter.sendMessage(toMessage(row))
                    .replaceWith(row)
                    .onFailure().invoke(e -> LOG.warnf("event %s to %s not acknowledged: %s", row.eventId(), row.topic(), e.getMessage()))
                    .onFailure().recoverWithNull();
            acks.add(ack);
        }
        if (acks.isEmpty()) {
            return List.of();
        }
        List<OutboxRow> acknowledged = new ArrayList<>(rows.size());
        Uni.join().all(acks).andCollectFailures().await().atMost(config.relaySendTimeout()).forEach(row -> {
            if (row != null) {
                acknowledged.add(row);
            }
        });
        return acknowledged;
    }

    private Message<String> toMessage(OutboxRow row) {
        return Message.of(row.payload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic())
                        .withKey(row.key())
                        .build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(row.eventId().toString())
                        .withType(row.type())
                        .withSource(source)
                        .withSubject(row.key())
                        .withTimestamp(row.occurredAt().atZoneSameInstant(ZoneOffset.UTC))
                        .withDataContentType("application/json")
                        .build())
                // The Kafka connector starts its producer span under this context and writes it to the
                // record's traceparent header, so the consumer continues the trace of the original request.
                .addMetadata(TracingMetadata.withCurrent(TraceParent.toContext(row.traceParent())));
    }

    private void delete(Connection connection, List<OutboxRow> sent) throws SQLException {
        if (sent.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE id = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", sent.stream().map(OutboxRow::id).toArray()));
            delete.executeUpdate();
        }
    }

    private record OutboxRow(long id, UUID eventId, String topic, String key, String type, String payload,
            java.time.OffsetDateTime occurredAt, String traceParent) {
    }
}
