package org.takedown.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "takedown.messaging")
public interface MessagingConfig {

    /** The service's PostgreSQL schema, where its outbox and inbox tables live. */
    String schema();

    /** CloudEvents {@code source} of everything this service publishes, e.g. {@code /takedown/intake}. */
    String source();

    /**
     * The name this service's consumers record processed events under ({@code processed_event.consumer});
     * changing it makes every event new again.
     */
    @WithDefault("${quarkus.application.name}")
    String consumer();

    /** How long a consumer waits before it applies an event again after a transient failure; doubles per attempt. */
    @WithDefault("200ms")
    Duration retryInitialDelay();

    /** The longest wait between two attempts at an event that fails transiently (it is retried without limit). */
    @WithDefault("30s")
    Duration retryMaxDelay();

    /**
     * Lanes per consumer channel: events are spread over them by key (request id) and applied in parallel,
     * each lane in order.
     */
    @WithDefault("4")
    int consumerLanes();

    /** Most events a lane applies in one transaction (those already waiting in it; 1: one per transaction). */
    @WithDefault("50")
    int consumerBatchSize();

    /** Events a lane holds before its channel stops handing over more (Kafka then pauses the partitions). */
    @WithDefault("100")
    int consumerLaneCapacity();

    /** How many outbox rows the relay sends per round trip to Kafka. */
    @WithDefault("200")
    int relayBatchSize();

    /** How long the relay waits for Kafka to acknowledge a batch before it tries again later. */
    @WithDefault("20s")
    Duration relaySendTimeout();

    /** How often the relay looks for rows whose wake-up was lost (read by its {@code @Scheduled}). */
    @WithDefault("1s")
    Duration relayInterval();

    /** How often the dead-letter record counts are read from Kafka (read by its {@code @Scheduled}). */
    @WithDefault("30s")
    Duration dlqRefresh();

    /** How long a request keeps its trace, so later events about it join the same trace. */
    @WithDefault("P90D")
    Duration requestTraceRetention();

    /** How often the outbox backlog gauges are refreshed (read by its {@code @Scheduled}). */
    @WithDefault("15s")
    Duration backlogInterval();
}
