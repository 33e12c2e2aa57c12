package org.takedown.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the consumers' failure policy does, per consumer and topic:
 * {@code takedown_consumer_failures_total{kind=transient|deterministic}} counts failed attempts (a
 * transient one is retried, a deterministic one is dead-lettered), and
 * {@code takedown_consumer_stalled_seconds} is how long the event now being retried has waited since its
 * first failure (0 while events flow): the time its partition has been held back.
 */
final class ConsumerMetrics {

    private final MeterRegistry meters;
    private final String consumer;
    private final Map<String, AtomicLong> stalledSince = new ConcurrentHashMap<>();

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

    /** The event on {@code topic} began to fail at {@code nanoTime}; its partition waits for it. */
    void stalled(String topic, long nanoTime) {
        stalledSince(topic).compareAndSet(0, nanoTime);
    }

    /** The event on {@code topic} was applied or dead-lettered: its partition moves again. */
    void flowing(String topic) {
        stalledSince(topic).set(0);
    }

    private AtomicLong stalledSince(String topic) {
        return stalledSince.computeIfAbsent(topic, t -> {
            AtomicLong since = new AtomicLong();
            Gauge.builder("takedown.consumer.stalled", since, ConsumerMetrics::secondsSince)
                    .description("seconds the event now retried on this topic has been failing transiently (0: flowing)")
                    .baseUnit("seconds")
                    .tag("consumer", consumer).tag("topic", t)
                    .register(meters);
            return since;
        });
    }

    private static double secondsSince(AtomicLong since) {
        long start = since.get();
        return start == 0 ? 0 : (System.nanoTime() - start) / 1e9;
    }
}
