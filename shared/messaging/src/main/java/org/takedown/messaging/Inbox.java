package org.takedown.messaging;

import io.micrometer.core.instrument.DistributionSummary;
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
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.takedown.events.EventCodec;
import org.takedown.events.TakedownEvent;
import org.takedown.events.Topics;

/**
 * Applies an event at most once per consumer: the processed-event row and the effect commit in
 * one transaction, so a redelivered event (Kafka is at-least-once) finds its row and is skipped.
 *
 * <p>{@link #consume} is the one door of every consumer: decode, apply once, and whatever the effect
 * publishes through the {@link Outbox} commits with it. Events of different requests apply in parallel
 * lanes and in batches (several per transaction), those of one request in their order. It also holds the
 * failure policy (ADR 015), so that no consumer has its own: a transient failure ({@link FailureKind}: the
 * database, another service, a timeout) is retried in place, without limit, with backoff, and the lane
 * takes nothing else meanwhile — once it is full the channel takes nothing either and Kafka pauses its
 * partitions — so no later event of the request overtakes it and nothing is dead-lettered by an outage;
 * a deterministic one (a malformed event, an {@link InvariantViolation}) goes to the channel's
 * dead-letter topic at once, with the reason in its {@code dead-letter-reason} header.
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
    private final Map<String, InboxLane<Pending<?>>[]> lanes = new ConcurrentHashMap<>();
    private final DistributionSummary batchSizes;

    Inbox(EntityManager entityManager, Instance<MeterRegistry> registries, RequestTraces traces, MessagingConfig config) {
        this.entityManager = entityManager;
        this.traces = traces;
        this.config = config;
        // Without a metrics extension the timers go to an empty composite, i.e. nowhere.
        this.meters = registries.isResolvable() ? registries.get() : new CompositeMeterRegistry();
        this.consumerMetrics = new ConsumerMetrics(meters, config.consumer());
        this.table = SqlNames.qualified(config.schema(), "processed_event");
        this.batchSizes = DistributionSummary.builder("takedown.consumer.batch.size")
                .description("events applied per transaction by this service's consumers")
                .tag("consumer", config.consumer()).register(meters);
        AtomicInteger threads = new AtomicInteger();
        // One thread per lane that has work: at most channels × lanes, most of them idle and gone after a minute.
        this.appliers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "inbox-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The door of a consumer: {@code @Incoming(CHANNEL) public CompletionStage<Void> on(Message<String> m) {
     * return inbox.consume(m, TheEvent.class, service::apply); }}. Decodes the payload as {@code type}, runs
     * {@code effect} once per event (as consumer {@code takedown.messaging.consumer}), and acknowledges the
     * message when that committed or the event was already processed. The channel needs
     * {@code failure-strategy=dead-letter-queue}: a deterministic failure nacks the message with its reason.
     *
     * <p>Events are spread over {@code takedown.messaging.consumer-lanes} lanes by their key (the request
     * id), which apply in parallel, each in order, up to {@code consumer-batch-size} events per transaction
     * ({@link InboxLane}). On shutdown, events not applied yet are left unacknowledged, and Kafka delivers
     * them again after the restart.
     *
     * @return completes when the event is queued in its lane; the channel hands over its next message then
     */
    public <T extends TakedownEvent> CompletionStage<Void> consume(Message<String> message, Class<T> type, Consumer<T> effect) {
        return consumeAs(config.consumer(), message, type, effect);
    }

    /**
     * As {@link #consume}, recording processed events under {@code consumer} instead of the service's name: for a
     * second consumer group in the same service (a read model fed from the same topics as the service's own
     * consumers), whose events must not count as processed because the service's own consumers processed them.
     */
    public <T extends TakedownEvent> CompletionStage<Void> consumeAs(String consumer, Message<String> message, Class<T> type,
            Consumer<T> effect) {
        Context trace = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(Context.current());
        Optional<IncomingKafkaRecordMetadata> record = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String channel = record.map(IncomingKafkaRecordMetadata::getChannel).orElse(type.getName());
        Object key = record.map(IncomingKafkaRecordMetadata::getKey).orElse(null);
        InboxLane<Pending<?>> lane = lanes.computeIfAbsent(channel, c -> newLanes())[Math.floorMod(Objects.hashCode(key), config.consumerLanes())];
        return lane.offer(new Pending<>(message, type, effect, trace, topicOf(message), consumer));
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

    @SuppressWarnings("unchecked")
    private InboxLane<Pending<?>>[] newLanes() {
        InboxLane<Pending<?>>[] channelLanes = new InboxLane[config.consumerLanes()];
        for (int i = 0; i < channelLanes.length; i++) {
            channelLanes[i] = new InboxLane<>(appliers, config.consumerLaneCapacity(), config.consumerBatchSize(), this::applyBatch);
        }
        return channelLanes;
    }

    /** A lane's batch: malformed events to the dead-letter topic, the others applied in their order. */
    private void applyBatch(List<Pending<?>> batch) {
        List<Decoded<?>> events = new ArrayList<>(batch.size());
        for (Pending<?> pending : batch) {
            try {
                events.add(pending.decode());
            } catch (EventCodec.MalformedEventException e) {
                deadLetter(pending, null, e);
            }
        }
        applyInOrder(events);
    }

    /**
     * Applies {@code events} in one transaction. If that fails, the events before the one that failed are
     * applied again together (they did nothing wrong), the one that failed is dead-lettered (deterministic)
     * or retried alone until it passes (transient), and the rest go on as a batch. A failed commit, which
     * names no event, sends every event through the one-at-a-time path.
     */
    private void applyInOrder(List<Decoded<?>> events) {
        int from = 0;
        while (from < events.size() && !stopped()) {
            List<Decoded<?>> rest = events.subList(from, events.size());
            if (rest.size() == 1) {
                deliver(rest.get(0));
                return;
            }
            int[] applying = {-1};
            try {
                QuarkusTransaction.requiringNew().run(() -> inRequestContext(() -> {
                    for (int i = 0; i < rest.size(); i++) {
                        applying[0] = i;
                        apply(rest.get(i));
                    }
                    applying[0] = -1;
                }));
                batchSizes.record(rest.size());
                rest.forEach(this::acknowledge);
                return;
            } catch (RuntimeException failure) {
                int failed = applying[0];
                LOG.debugf("a batch of %d events failed at %d, applying them again: %s", rest.size(), failed, KafkaRefusals.describe(failure));
                if (failed < 0) {
                    for (Decoded<?> event : rest) {
                        if (!deliver(event)) {
                            return;
                        }
                    }
                    return;
                }
                applyInOrder(rest.subList(0, failed));
                Decoded<?> culprit = rest.get(failed);
                if (FailureKind.of(failure) == FailureKind.DETERMINISTIC) {
                    deadLetter(culprit.pending(), culprit.event(), failure);
                } else {
                    consumerMetrics.failed(culprit.pending().topic(), FailureKind.TRANSIENT);
                    if (!deliver(culprit)) {
                        return;
                    }
                }
                from += failed + 1;
            }
        }
    }

    /**
     * Applies one event in its own transaction: retried in place while it fails transiently, dead-lettered
     * when it fails deterministically.
     *
     * @return false when the application stopped while the event waited (it stays unacknowledged)
     */
    private boolean deliver(Decoded<?> event) {
        String topic = event.pending().topic();
        long firstFailure = 0;
        Duration delay = config.retryInitialDelay();
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> inRequestContext(() -> apply(event)));
                batchSizes.record(1);
                acknowledge(event);
                return true;
            } catch (RuntimeException failure) {
                if (FailureKind.of(failure) == FailureKind.DETERMINISTIC) {
                    consumerMetrics.flowing(topic);
                    deadLetter(event.pending(), event.event(), failure);
                    return true;
                }
                firstFailure = firstFailure == 0 ? System.nanoTime() : firstFailure;
                consumerMetrics.failed(topic, FailureKind.TRANSIENT);
                consumerMetrics.stalled(topic, firstFailure);
                if (attempt == 1 || attempt % LOG_EVERY == 0) {
                    LOG.warnf("event %s (request %s) on %s: transient failure, attempt %d, retrying in %d ms; the partition waits: %s",
                            event.event().eventId(), event.event().requestId(), topic, attempt, delay.toMillis(),
                            KafkaRefusals.describe(failure));
                }
                if (!waitFor(delay)) {
                    LOG.infof("event %s on %s: left unacknowledged at shutdown, Kafka redelivers it", event.event().eventId(), topic);
                    return false;
                }
                delay = nextDelay(delay);
            }
        }
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
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

    private void deadLetter(Pending<?> pending, TakedownEvent event, Throwable reason) {
        consumerMetrics.failed(pending.topic(), FailureKind.DETERMINISTIC);
        String record = pending.message().getMetadata(IncomingKafkaRecordMetadata.class)
                .map(r -> r.getTopic() + "-" + r.getPartition() + "@" + r.getOffset() + " (key " + r.getKey() + ")").orElse(pending.topic());
        LOG.errorf("%s %s: deterministic failure, sent to the dead-letter topic: %s",
                event == null ? "record" : "event " + event.eventId() + " of", record, KafkaRefusals.describe(reason));
        // To the twin of the topic the record came from: a channel may read several topics.
        Metadata target = pending.message().getMetadata(IncomingKafkaRecordMetadata.class)
                .map(r -> Metadata.of(OutgoingKafkaRecordMetadata.builder().withTopic(Topics.deadLetter(r.getTopic()))
                        .build()))
                .orElse(Metadata.empty());
        pending.message().nack(reason, target);
    }

    /** An event as its channel delivered it, with what to do with it. */
    private record Pending<T extends TakedownEvent>(Message<String> message, Class<T> type, Consumer<T> effect, Context trace,
            String topic, String consumer) {

        Decoded<T> decode() {
            return new Decoded<>(this, EventCodec.read(message.getPayload(), type));
        }
    }

    /** A decoded event. */
    private record Decoded<T extends TakedownEvent>(Pending<T> pending, T event) {
    }

    /** Applies the event once, in the trace it arrived with. */
    private <T extends TakedownEvent> void apply(Decoded<T> decoded) {
        try (Scope ignored = decoded.pending().trace().makeCurrent()) {
            applyOnce(decoded.pending().consumer(), decoded.event(), decoded.pending().effect());
        }
    }

    private void acknowledge(Decoded<?> decoded) {
        consumerMetrics.flowing(decoded.pending().topic());
        decoded.pending().message().ack();
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
