package org.takedown.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.takedown.events.TakedownEvent;

/**
 * Applies an event at most once per consumer: the processed-event row and the effect commit in
 * one transaction, so a redelivered event (Kafka is at-least-once) finds its row and is skipped.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final EntityManager entityManager;
    private final MeterRegistry meters;
    private final RequestTraces traces;
    private final String table;

    Inbox(EntityManager entityManager, Instance<MeterRegistry> registries, RequestTraces traces, MessagingConfig config) {
        this.entityManager = entityManager;
        this.traces = traces;
        // Without a metrics extension the timers go to an empty composite, i.e. nowhere.
        this.meters = registries.isResolvable() ? registries.get() : new CompositeMeterRegistry();
        this.table = SqlNames.qualified(config.schema(), "processed_event");
    }

    /**
     * Runs {@code effect} unless {@code consumer} already processed this event.
     *
     * @return whether the effect ran
     */
    @Transactional
    public <T extends TakedownEvent> boolean process(String consumer, T event, Consumer<T> effect) {
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
}
