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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
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
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Made on the relay thread at its first round (a broker that is away then does not fail the start). */
    private volatile Producer<String, String> producer;
    private volatile KafkaClientMetrics producerMetrics;

    OutboxRelay(AgroalDataSource dataSource, MessagingConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            OpenTelemetry openTelemetry, Instance<MeterRegistry> registries) {
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
                            rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8)));
                }
            }
        }
        return rows;
    }

    /** Sends the rows in order and returns those Kafka acknowledged. */
    private List<OutboxRow> send(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Producer<String, String> kafka = producer();
        List<CompletableFuture<OutboxRow>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
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
                // The producer refused at once (no metadata within max.block.ms, a closed producer): the rest waits too.
                span.recordException(e);
                span.setStatus(StatusCode.ERROR);
                span.end();
                ack.completeExceptionally(e);
                acks.add(ack);
                break;
            }
            acks.add(ack);
        }
        long deadline = System.nanoTime() + config.relaySendTimeout().toNanos();
        List<OutboxRow> acknowledged = new ArrayList<>(rows.size());
        for (int i = 0; i < acks.size(); i++) {
            OutboxRow row = rows.get(i);
            try {
                acknowledged.add(acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                LOG.warnf("event %s to %s not acknowledged by Kafka: %s", row.eventId(), row.topic(), e.getCause().getMessage());
            } catch (TimeoutException e) {
                LOG.warnf("event %s to %s not acknowledged by Kafka within %s", row.eventId(), row.topic(), config.relaySendTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return acknowledged;
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
}
