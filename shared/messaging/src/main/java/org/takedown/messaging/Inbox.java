package org.takedown.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.takedown.events.EventCodec;
import org.takedown.events.TakedownEvent;

/**
 * Applies an event at most once per consumer: the processed-event row and the effect commit in
 * one transaction, so a redelivered event (Kafka is at-least-once) finds its row and is skipped.
 *
 * <p>{@link #consume} is the one door of every consumer: decode, apply once, and whatever the effect
 * publishes through the {@link Outbox} commits with it. It also holds the failure policy (ADR 013), so
 * that no consumer has its own: a transient failure ({@link FailureKind}: the database, another service,
 * a timeout) is retried in place, without limit, with backoff, and the channel takes nothing else
 * meanwhile — Kafka pauses its partitions — so no later event of the request overtakes it and nothing
 * is dead-lettered by an outage; a deterministic one (a malformed event, an {@link InvariantViolation})
 * goes to the channel's dead-letter topic at once, with the reason in its {@code dead-letter-reason}
 * header.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    /** A stalled consumer logs its first failure and then every so many attempts, not every one. */
    private static final int LOG_EVERY = 10;

    private final EntityManager entityManager;
    private final MeterRegistry meters;
    private final RequestTraces traces;
    private final MessagingConfig config;
    private final ConsumerMetrics consumerMetrics;
    private final String table;
    private final ExecutorService appliers;
    private final CountDownLatch stopping = new CountDownLatch(1);

    Inbox(EntityManager entityManager, Instance<MeterRegistry> registries, RequestTraces traces, MessagingConfig config) {
        this.entityManager = entityManager;
        this.traces = traces;
        this.config = config;
        // Without a metrics extension the timers go to an empty composite, i.e. nowhere.
        this.meters = registries.isResolvable() ? registries.get() : new CompositeMeterRegistry();
        this.consumerMetrics = new ConsumerMetrics(meters, config.consumer());
        this.table = SqlNames.qualified(config.schema(), "processed_event");
        AtomicInteger threads = new AtomicInteger();
        // Each channel hands over one event at a time, so there are at most as many threads as channels.
        this.appliers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "inbox-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The door of a consumer: {@code @Incoming(CHANNEL) public CompletionStage<Void> on(Message<String> m) {
     * return inbox.consume(m, TheEvent.class, service::apply); }}. Decodes the payload as {@code type}, runs
     * {@code effect} once per event in its own transaction (as consumer {@code takedown.messaging.consumer}),
     * and acknowledges the message when that committed or the event was already processed. The channel
     * needs {@code failure-strategy=dead-letter-queue}: a deterministic failure nacks the message with its
     * reason. On shutdown an event still waiting for a transient failure to pass is left unacknowledged,
     * and Kafka redelivers it after the restart.
     *
     * @return completes when the message was acknowledged (or, on shutdown, given up); the channel hands
     *         over its next message then
     */
    public <T extends TakedownEvent> CompletionStage<Void> consume(Message<String> message, Class<T> type, Consumer<T> effect) {
        Context trace = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(Context.current());
        return CompletableFuture.supplyAsync(() -> {
            try (Scope ignored = trace.makeCurrent()) {
                return deliver(message, type, effect);
            }
        }, appliers).thenCompose(settled -> settled);
    }

    /**
     * Runs {@code effect} unless {@code consumer} already processed this event.
     *
     * @return whether the effect ran
     */
    @Transactional
    public <T extends TakedownEvent> boolean process(String consumer, T event, Consumer<T> effect) {
        return applyOnce(consumer, event, effect);
    }

    private <T extends TakedownEvent> CompletionStage<Void> deliver(Message<String> message, Class<T> type, Consumer<T> effect) {
        String topic = topicOf(message);
        T event;
        try {
            event = EventCodec.read(message.getPayload(), type);
        } catch (EventCodec.MalformedEventException e) {
            return deadLetter(message, topic, null, e);
        }
        long firstFailure = 0;
        Duration delay = config.retryInitialDelay();
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> inRequestContext(() -> applyOnce(config.consumer(), event, effect)));
                consumerMetrics.flowing(topic);
                return message.ack();
            } catch (RuntimeException failure) {
                if (FailureKind.of(failure) == FailureKind.DETERMINISTIC) {
                    consumerMetrics.flowing(topic);
                    return deadLetter(message, topic, event, failure);
                }
                firstFailure = firstFailure == 0 ? System.nanoTime() : firstFailure;
                consumerMetrics.failed(topic, FailureKind.TRANSIENT);
                consumerMetrics.stalled(topic, firstFailure);
                if (attempt == 1 || attempt % LOG_EVERY == 0) {
                    LOG.warnf("event %s (request %s) on %s: transient failure, attempt %d, retrying in %d ms; the partition waits: %s",
                            event.eventId(), event.requestId(), topic, attempt, delay.toMillis(), KafkaRefusals.describe(failure));
                }
                if (!waitFor(delay)) {
                    LOG.infof("event %s on %s: left unacknowledged at shutdown, Kafka redelivers it", event.eventId(), topic);
                    return CompletableFuture.completedFuture(null);
                }
                delay = nextDelay(delay);
            }
        }
    }

    private <T extends TakedownEvent> boolean applyOnce(String consumer, T event, Consumer<T> effect) {
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
        traces.remember(event.requestId());
        // Time from the event to its handling here: how long the request waited between two stages.
        Tags tags = Tags.of("consumer", consumer, "topic", event.topic());
        Duration waited = Duration.between(event.occurredAt(), Instant.now());
        Timer.builder("takedown.events.wait").description("time from an event to its handling by a consumer")
                .tags(tags).publishPercentileHistogram().register(meters).record(waited.isNegative() ? Duration.ZERO : waited);
        Timer.Sample handling = Timer.start(meters);
        effect.accept(event);
        handling.stop(Timer.builder("takedown.events.handling").description("time a consumer spent applying an event")
                .tags(tags).register(meters));
        return true;
    }

    private CompletionStage<Void> deadLetter(Message<String> message, String topic, TakedownEvent event, Throwable reason) {
        consumerMetrics.failed(topic, FailureKind.DETERMINISTIC);
        String record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(r -> r.getTopic() + "-" + r.getPartition() + "@" + r.getOffset() + " (key " + r.getKey() + ")").orElse(topic);
        LOG.errorf("%s %s: deterministic failure, sent to the dead-letter topic: %s",
                event == null ? "record" : "event " + event.eventId() + " of", record, KafkaRefusals.describe(reason));
        return message.nack(reason);
    }

    /** Effects may use request-scoped beans (REST clients with token propagation, Panache) as under {@code @Blocking}. */
    private static void inRequestContext(Runnable work) {
        ManagedContext requestContext = Arc.container().requestContext();
        if (requestContext.isActive()) {
            work.run();
            return;
        }
        requestContext.activate();
        try {
            work.run();
        } finally {
            requestContext.terminate();
        }
    }

    private Duration nextDelay(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        Duration capped = doubled.compareTo(config.retryMaxDelay()) > 0 ? config.retryMaxDelay() : doubled;
        // Jitter, so that the replicas of a service do not knock on a recovering database in step.
        long jitter = ThreadLocalRandom.current().nextLong(capped.toMillis() / 5 + 1);
        return capped.minusMillis(jitter);
    }

    /** @return false when the application stops meanwhile */
    private boolean waitFor(Duration delay) {
        try {
            return !stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String topicOf(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic).orElse("unknown");
    }

    void stop(@Observes ShutdownEvent event) {
        stopping.countDown();
        appliers.shutdown();
    }
}
