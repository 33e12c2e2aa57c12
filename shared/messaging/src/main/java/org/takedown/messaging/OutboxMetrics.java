package org.takedown.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * The outbox backlog as gauges, in every service: {@code takedown_outbox_backlog_events} and
 * {@code takedown_outbox_oldest_age_seconds}. Without a meter registry (no metrics extension) nothing
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
    }
}
