package org.takedown.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * The outbox backlog as gauges, in every service: {@code takedown_outbox_backlog_events},
 * {@code takedown_outbox_oldest_age_seconds} and {@code takedown_outbox_parked_events} (ADR 012). Without a meter registry (no metrics extension) nothing
 * is registered.
 */
@ApplicationScoped
class OutboxMetrics {

    void register(@Observes StartupEvent event, Instance<MeterRegistry> registries, OutboxBacklog backlog) {
        if (!registries.isResolvable()) {
            return;
        }
        MeterRegistry registry = registries.get();
        Gauge.builder("takedown.outbox.backlog", backlog::events)
                .description("Events written to the outbox and not yet acknowledged by Kafka")
                .baseUnit("events")
                .register(registry);
        Gauge.builder("takedown.outbox.oldest.age", backlog::oldestAgeSeconds)
                .description("Age of the oldest event waiting in the outbox")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("takedown.outbox.parked", backlog::parked)
                .description("Events Kafka refused for good (too large, invalid topic) and the events of the same key held behind them")
                .baseUnit("events")
                .register(registry);
    }
}
