package org.takedown.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Moves committed outbox rows to Kafka, oldest first, and deletes each row once Kafka
 * acknowledged it. Delivery is at least once: a crash between the acknowledgement and the delete
 * publishes the event again, which the consumers' {@link Inbox} absorbs.
 *
 * <p>One relay per service works at a time (a PostgreSQL advisory lock), which keeps the order
 * of events per request id when a service runs with several replicas.
 *
 * <p>It publishes with a plain idempotent Kafka producer ({@code acks=all}), configured from the
 * service's {@code kafka.*} settings (bootstrap servers, TLS, SASL), and writes what the consumers
 * read: the CloudEvents binary-mode headers ({@code ce_specversion}, {@code ce_id}, {@code ce_source},
 * {@code ce_type}, {@code ce_subject}, {@code ce_time}, {@code content-type}) and a producer span whose
 * W3C {@code traceparent} continues the trace the event was recorded in (ADR 008).
 *
 * <p>A row Kafka refuses for good — too large, not serialisable, an invalid topic ({@link KafkaRefusals})
 * — is <em>parked</em> (ADR 012): marked with {@code parked_at}, its attempts and the error, skipped from
 * then on, and announced as {@link OutboxEventParked}, so that neither it nor the rows behind it are stuck
 * in a retry loop that nobody sees. Rows of the same key behind it are parked with it ("held"), so they
 * never overtake it; rows of other keys go on. Transient failures (the broker away, timeouts) keep the rows
 * live and are retried on the next round, as before.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Reliability settings no {@code kafka.*} property may weaken. */
    private static final Map<String, Object> FIXED = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());

    /** Defaults a {@code kafka.*} property may change: fail fast while the broker is away, the rows wait in the outbox. */
    private static final Map<String, Object> DEFAULTS = Map.of(
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
            ProducerConfig.LINGER_MS_CONFIG, 5);

    private static final byte[] SPEC_VERSION = "1.0".getBytes(StandardCharsets.UTF_8);
    private static final byte[] JSON = "application/json".getBytes(StandardCharsets.UTF_8);

    private final AgroalDataSource dataSource;
    private final MessagingConfig config;
    private final String table;
    private final byte[] source;
    private final Map<String, Object> producerConfig;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Instance<MeterRegistry> registries;
    private final Event<OutboxEventParked> parkedEvents;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Made on the relay thread at its first round (a broker that is away then does not fail the start). */
    private volatile Producer<String, String> producer;
    private volatile KafkaClientMetrics producerMetrics;

    OutboxRelay(AgroalDataSource dataSource, MessagingConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            OpenTelemetry openTelemetry, Instance<MeterRegistry> registries, Event<OutboxEventParked> parkedEvents) {
        this.parkedEvents = parkedEvents;
        this.dataSource = dataSource;
        this.config = config;
        this.table = SqlNames.qualified(config.schema(), "outbox_event");
        this.source = config.source().getBytes(StandardCharsets.UTF_8);
        this.producerConfig = producerConfig(kafka, config.source());
        this.tracer = openTelemetry.getTracer("org.takedown.messaging.outbox");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.registries = registries;
    }

    /** The service's {@code kafka.*} settings a producer knows, our defaults where they are silent, and the fixed ones. */
    static Map<String, Object> producerConfig(Map<String, Object> kafka, String source) {
        Map<String, Object> settings = new HashMap<>(DEFAULTS);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox" + source.replace('/', '-'));
        Set<String> known = ProducerConfig.configNames();
        kafka.forEach((key, value) -> {
            if (known.contains(key)) {
                settings.put(key, value);
            }
        });
        settings.putAll(FIXED);
        return settings;
    }

    /** Asks for a relay round soon; calls while one is pending collapse into it. */
    public void wakeUp() {
        if (requested.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
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
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the outbox relay did not finish its round in 10 s; its rows go out after the restart");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
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

    /** @return how many rows the round settled (sent or parked); a full batch means more may wait */
    int relayBatch() throws SQLException {
        List<OutboxEventParked> parked = new ArrayList<>();
        Round round;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!tryRelayLock(connection)) {
                    connection.rollback();
                    return 0;
                }
                parked.addAll(holdBehindParked(connection));
                List<OutboxRow> rows = oldest(connection);
                round = send(rows);
                delete(connection, round.acknowledged);
                parked.addAll(park(connection, round));
                countFailures(connection, round.failed);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        announce(parked);
        if (!round.failed.isEmpty()) {
            throw new IllegalStateException(round.failed.size() + " events not acknowledged by Kafka: "
                    + round.failed.values().iterator().next());
        }
        return round.acknowledged.size() + round.refused.size() + round.held.size();
    }

    private boolean tryRelayLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, table);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Parks live rows whose key already has a parked row (written after it was parked, or left over from
     * a round that stopped early), so that they cannot overtake it.
     */
    private List<OutboxEventParked> holdBehindParked(Connection connection) throws SQLException {
        List<OutboxEventParked> held = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " o SET parked_at = now(),"
                + " last_error = 'held behind parked event ' || b.event_id"
                + " FROM (SELECT DISTINCT ON (message_key) message_key, event_id FROM " + table
                + " WHERE parked_at IS NOT NULL ORDER BY message_key, id) b"
                + " WHERE o.parked_at IS NULL AND o.message_key = b.message_key"
                + " RETURNING o.event_id, o.topic, o.message_key, o.event_type, o.last_error, b.event_id")) {
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    held.add(new OutboxEventParked(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class)));
                }
            }
        }
        return held;
    }

    private List<OutboxRow> oldest(Connection connection) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        // Not a row whose key has a parked row: one committed after holdBehindParked read the table (each statement
        // sees its own snapshot) would otherwise overtake the parked one; the next round holds it.
        try (PreparedStatement select = connection.prepareStatement("SELECT id, event_id, topic, message_key, event_type,"
                + " payload, occurred_at, trace_parent FROM " + table + " o WHERE parked_at IS NULL AND NOT EXISTS"
                + " (SELECT 1 FROM " + table + " p WHERE p.parked_at IS NOT NULL AND p.message_key = o.message_key)"
                + " ORDER BY id LIMIT ?")) {
            select.setInt(1, config.relayBatchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8)));
                }
            }
        }
        return rows;
    }

    /**
     * Sends the rows in order and sorts them by outcome. A row of a key that Kafka refused for good earlier
     * in the round is not sent at all: it is held behind the refused one.
     */
    private Round send(List<OutboxRow> rows) {
        Round round = new Round();
        if (rows.isEmpty()) {
            return round;
        }
        Producer<String, String> kafka = producer();
        Map<String, OutboxRow> refusedKeys = new HashMap<>();
        Map<OutboxRow, CompletableFuture<OutboxRow>> pending = new LinkedHashMap<>();
        for (OutboxRow row : rows) {
            OutboxRow refused = refusedKeys.get(row.key());
            if (refused != null) {
                round.held.put(row, refused);
                continue;
            }
            CompletableFuture<OutboxRow> ack = new CompletableFuture<>();
            Span span = startSpan(row);
            try {
                kafka.send(toRecord(row, span), (metadata, failure) -> {
                    if (failure == null) {
                        span.setAttribute("messaging.destination.partition.id", Integer.toString(metadata.partition()));
                        span.setAttribute("messaging.kafka.offset", metadata.offset());
                        span.end();
                        ack.complete(row);
                    } else {
                        span.recordException(failure);
                        span.setStatus(StatusCode.ERROR);
                        span.end();
                        ack.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR);
                span.end();
                if (KafkaRefusals.permanent(e)) {
                    round.refused.put(row, KafkaRefusals.describe(e));
                    refusedKeys.put(row.key(), row);
                    continue;
                }
                // The producer refused at once (no metadata within max.block.ms, a closed producer): the rest waits too.
                round.failed.put(row, KafkaRefusals.describe(e));
                break;
            }
            // The producer answers a record it will never send (too large, an invalid topic) inside send(),
            // before the next row goes: the rows of its key behind it can still be held back.
            if (ack.isCompletedExceptionally() && KafkaRefusals.permanent(failureOf(ack))) {
                round.refused.put(row, KafkaRefusals.describe(failureOf(ack)));
                refusedKeys.put(row.key(), row);
                continue;
            }
            pending.put(row, ack);
        }
        awaitAcknowledgements(pending, round);
        return round;
    }

    private void awaitAcknowledgements(Map<OutboxRow, CompletableFuture<OutboxRow>> pending, Round round) {
        long deadline = System.nanoTime() + config.relaySendTimeout().toNanos();
        for (Map.Entry<OutboxRow, CompletableFuture<OutboxRow>> entry : pending.entrySet()) {
            OutboxRow row = entry.getKey();
            try {
                round.acknowledged.add(entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                String reason = KafkaRefusals.describe(e);
                if (KafkaRefusals.permanent(e)) {
                    // Refused by the broker, not the producer: rows of its key sent in this round may be out already.
                    LOG.warnf("event %s to %s refused by the broker, parked; later events of key %s sent in the same"
                            + " round may have overtaken it: %s", row.eventId(), row.topic(), row.key(), reason);
                    round.refused.put(row, reason);
                } else {
                    LOG.warnf("event %s to %s not acknowledged by Kafka: %s", row.eventId(), row.topic(), reason);
                    round.failed.put(row, reason);
                }
            } catch (TimeoutException e) {
                LOG.warnf("event %s to %s not acknowledged by Kafka within %s", row.eventId(), row.topic(), config.relaySendTimeout());
                round.failed.put(row, "not acknowledged within " + config.relaySendTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.getNow(null);
            return null;
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private List<OutboxEventParked> park(Connection connection, Round round) throws SQLException {
        List<OutboxEventParked> parked = new ArrayList<>();
        if (round.refused.isEmpty() && round.held.isEmpty()) {
            return parked;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                + " SET parked_at = now(), attempts = attempts + ?, last_error = ? WHERE id = ?")) {
            for (Map.Entry<OutboxRow, String> refused : round.refused.entrySet()) {
                OutboxRow row = refused.getKey();
                addPark(update, row, 1, refused.getValue());
                parked.add(new OutboxEventParked(row.eventId(), row.topic(), row.key(), row.type(), refused.getValue(), null));
                LOG.errorf("event %s (%s) to %s parked, Kafka refuses it for good: %s", row.eventId(), row.type(),
                        row.topic(), refused.getValue());
            }
            for (Map.Entry<OutboxRow, OutboxRow> held : round.held.entrySet()) {
                OutboxRow row = held.getKey();
                String reason = "held behind parked event " + held.getValue().eventId();
                addPark(update, row, 0, reason);
                parked.add(new OutboxEventParked(row.eventId(), row.topic(), row.key(), row.type(), reason,
                        held.getValue().eventId()));
            }
            update.executeBatch();
        }
        return parked;
    }

    private static void addPark(PreparedStatement update, OutboxRow row, int attempts, String reason) throws SQLException {
        update.setInt(1, attempts);
        update.setString(2, reason);
        update.setLong(3, row.id());
        update.addBatch();
    }

    /** Transient failures stay live; their attempts and last error show how long they have been failing. */
    private void countFailures(Connection connection, Map<OutboxRow, String> failed) throws SQLException {
        if (failed.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                + " SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
            for (Map.Entry<OutboxRow, String> failure : failed.entrySet()) {
                update.setString(1, failure.getValue());
                update.setLong(2, failure.getKey().id());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private void announce(List<OutboxEventParked> parked) {
        for (OutboxEventParked event : parked) {
            try {
                parkedEvents.fire(event);
            } catch (RuntimeException e) {
                // ParkedOutbox still lists the row; the owning service finds it there.
                LOG.warnf("an observer of parked event %s failed: %s", event.eventId(), e.getMessage());
            }
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig);
            if (registries.isResolvable()) {
                producerMetrics = new KafkaClientMetrics(producer);
                producerMetrics.bindTo(registries.get());
            }
        }
        return producer;
    }

    /** The producer span, a child of the span the event was recorded in (a new trace when it was recorded in none). */
    private Span startSpan(OutboxRow row) {
        return tracer.spanBuilder(row.topic() + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(TraceParent.toContext(row.traceParent()))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation", "publish")
                .setAttribute("messaging.destination.name", row.topic())
                .setAttribute("messaging.message.id", row.eventId().toString())
                .startSpan();
    }

    private ProducerRecord<String, String> toRecord(OutboxRow row, Span span) {
        Headers headers = new RecordHeaders();
        headers.add("ce_specversion", SPEC_VERSION);
        headers.add("ce_id", utf8(row.eventId().toString()));
        headers.add("ce_source", source);
        headers.add("ce_type", utf8(row.type()));
        if (row.key() != null) {
            headers.add("ce_subject", utf8(row.key()));
        }
        headers.add("ce_time", utf8(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(row.occurredAt().withOffsetSameInstant(ZoneOffset.UTC))));
        headers.add("content-type", JSON);
        // The consumer continues the trace of the original request from this traceparent.
        propagator.inject(Context.root().with(span), headers, (carrier, name, value) -> carrier.add(name, utf8(value)));
        return new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
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
            OffsetDateTime occurredAt, String traceParent) {
    }

    /** What became of the rows of one round. */
    private static final class Round {
        final List<OutboxRow> acknowledged = new ArrayList<>();
        /** Refused for good, with the reason. */
        final Map<OutboxRow, String> refused = new LinkedHashMap<>();
        /** Not sent: a row of the same key was refused earlier in the round (the value). */
        final Map<OutboxRow, OutboxRow> held = new LinkedHashMap<>();
        /** Not acknowledged for a reason that may pass, with the reason. */
        final Map<OutboxRow, String> failed = new LinkedHashMap<>();
    }
}
