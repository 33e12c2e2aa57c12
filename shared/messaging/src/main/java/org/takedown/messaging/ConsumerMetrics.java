package org.takedown.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the consumers' failure policy does, per consumer and topic:
 * {@code takedown_consumer_failures_total{kind=transient|deterministic}} counts failed attempts (a
 * transient one is retried, a deterministic one is dead-lettered), and
 * {@code takedown_consumer_stalled_seconds} is how long the longest-waiting event now being retried has
 * failed since its first failure (0 while events flow): the time its lane has been held back.
 */
final class ConsumerMetrics {

    private final MeterRegistry meters;
    private final String consumer;
    /** Per topic: since when each stalled lane (by thread id) has been failing. */
    private final Map<String, Map<Long, Long>> stalledSince = new ConcurrentHashMap<>();

    ConsumerMetrics(MeterRegistry meters, String consumer) {
        this.meters = meters;
        this.consumer = consumer;
    }

    void failed(String topic, FailureKind kind) {
        Counter.builder("takedown.consumer.failures")
                .description("failed attempts to apply an event: transient ones are retried, deterministic ones dead-lettered")
                .tag("consumer", consumer).tag("topic", topic).tag("kind", kind.name().toLowerCase())
                .register(meters).increment();
    }

    /**
     * The event on {@code topic} that this thread (a lane) applies began to fail at {@code nanoTime}; its
     * lane waits for it.
     */
    void stalled(String topic, long nanoTime) {
        stalledSince(topic).putIfAbsent(Thread.currentThread().getId(), nanoTime);
    }

    /** This thread's event on {@code topic} was applied or dead-lettered: its lane moves again. */
    void flowing(String topic) {
        Map<Long, Long> lanes = stalledSince.get(topic);
        if (lanes != null) {
            lanes.remove(Thread.currentThread().getId());
        }
    }

    private Map<Long, Long> stalledSince(String topic) {
        return stalledSince.computeIfAbsent(topic, t -> {
            Map<Long, Long> lanes = new ConcurrentHashMap<>();
            Gauge.builder("takedown.consumer.stalled", lanes, ConsumerMetrics::longestStall)
                    .description("seconds the longest-waiting event on this topic has been failing transiently (0: flowing)")
                    .baseUnit("seconds")
                    .tag("consumer", consumer).tag("topic", t)
                    .register(meters);
            return lanes;
        });
    }

    private static double longestStall(Map<Long, Long> lanes) {
        long now = System.nanoTime();
        return lanes.values().stream().mapToLong(since -> now - since).max().orElse(0) / 1e9;
    }
}
