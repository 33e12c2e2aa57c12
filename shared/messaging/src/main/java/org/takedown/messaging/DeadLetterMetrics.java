package org.takedown.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Records waiting in the dead-letter topics of this service's consumers, as the gauge
 * {@code takedown_dlq_records{topic}} (end offset minus start offset over all partitions, so records
 * that retention removed no longer count). Read from Kafka every {@code takedown.messaging.dlq-refresh}
 * on a scheduler thread, never during a scrape; -1 until the first successful read.
 */
@ApplicationScoped
class DeadLetterMetrics {

    private static final Logger LOG = Logger.getLogger(DeadLetterMetrics.class);
    private static final String PREFIX = "mp.messaging.incoming.";
    private static final String SUFFIX = ".dead-letter-queue.topic";

    private final Map<String, AtomicLong> records = new ConcurrentHashMap<>();
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private volatile Admin admin;

    void register(@Observes StartupEvent event, Instance<MeterRegistry> registries, Config config,
            @Identifier("default-kafka-broker") Instance<Map<String, Object>> kafkaConfig) {
        Set<String> topics = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                config.getOptionalValue(name, String.class).ifPresent(topics::add);
            }
        }
        // The same client settings as the service's consumers and producers (bootstrap servers, TLS,
        // SASL): Quarkus collects every kafka.* property, from any source, in this map.
        if (kafkaConfig.isResolvable()) {
            kafkaProperties.putAll(kafkaConfig.get());
        }
        if (topics.isEmpty() || !kafkaProperties.containsKey(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) || !registries.isResolvable()) {
            return;
        }
        MeterRegistry registry = registries.get();
        for (String topic : topics) {
            AtomicLong count = records.computeIfAbsent(topic, t -> new AtomicLong(-1));
            Gauge.builder("takedown.dlq.records", count, AtomicLong::get)
                    .description("Records in a dead-letter topic this service writes to; each needs a look (runbook: stuck DLQ)")
                    .tag("topic", topic)
                    .register(registry);
        }
    }

    @Scheduled(every = "${takedown.messaging.dlq-refresh:30s}", delay = 5, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        if (records.isEmpty()) {
            return;
        }
        try {
            Admin client = admin();
            Map<String, TopicDescription> described = client.describeTopics(records.keySet()).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.forEach((topic, description) -> description.partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = client.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<String, Long> totals = new HashMap<>();
            ends.forEach((partition, end) -> totals.merge(partition.topic(),
                    end.offset() - starts.get(partition).offset(), Long::sum));
            totals.forEach((topic, total) -> records.get(topic).set(total));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf(e, "dead-letter counts not refreshed: %s", e.getMessage());
        }
    }

    private Admin admin() {
        Admin client = admin;
        if (client == null) {
            Map<String, Object> properties = new HashMap<>();
            for (Map.Entry<String, Object> entry : kafkaProperties.entrySet()) {
                if (AdminClientConfig.configNames().contains(entry.getKey())) {
                    properties.put(entry.getKey(), entry.getValue());
                }
            }
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "takedown-dlq-metrics");
            client = Admin.create(properties);
            admin = client;
        }
        return client;
    }

    void stop(@Observes ShutdownEvent event) {
        Admin client = admin;
        if (client != null) {
            client.close(java.time.Duration.ofSeconds(2));
        }
    }
}
