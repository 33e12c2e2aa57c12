package org.takedown.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;
import org.takedown.events.RequestWithdrawn;
import org.takedown.events.Topics;
import org.takedown.testing.RealInfrastructureResource;

/**
 * How many events per second one consumer channel applies through {@link Inbox#consume} against real Kafka
 * and PostgreSQL, with the effect doing nothing but the inbox's own write: the door's cost, not a service's.
 * Not part of {@code mvn verify} (no {@code IT} suffix). Compare lanes and batch sizes:
 * <pre>
 * mvn -B -o verify -pl shared/messaging -Dit.test=ConsumerThroughputBenchmark -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbench.events=5000] [-Dbench.requests=500] [-Dtakedown.messaging.consumer-lanes=1 -Dtakedown.messaging.consumer-batch-size=1]
 * </pre>
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "service", value = "messaging_test"))
class ConsumerThroughputBenchmark {

    @Inject
    WithdrawnTestConsumer consumer;

    @Inject
    MessagingConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void applyAllEventsAndReportTheRate() throws InterruptedException {
        int events = Integer.getInteger("bench.events", 5000);
        int requests = Integer.getInteger("bench.requests", 500);
        Map<UUID, List<UUID>> sent = new LinkedHashMap<>();
        List<RequestWithdrawn> order = new ArrayList<>();
        List<UUID> keys = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            keys.add(UUID.randomUUID());
        }
        Random random = new Random(18);
        for (int i = 0; i < events; i++) {
            RequestWithdrawn event = RequestWithdrawn.of(keys.get(random.nextInt(requests)));
            order.add(event);
            sent.computeIfAbsent(event.requestId(), k -> new ArrayList<>()).add(event.eventId());
        }

        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            for (RequestWithdrawn event : order) {
                producer.send(new ProducerRecord<>(Topics.REQUESTS_WITHDRAWN, event.requestId().toString(), EventCodec.write(event)));
            }
            producer.flush();
        }
        long sentAt = System.nanoTime();
        long deadline = sentAt + Duration.ofMinutes(10).toNanos();
        while (!sent.entrySet().stream().allMatch(e -> consumer.committed(e.getKey()).size() >= e.getValue().size())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not all events applied within 10 minutes");
            }
            Thread.sleep(50);
        }
        long done = System.nanoTime();
        sent.forEach((request, ids) -> assertEquals(ids, consumer.committed(request), "order of " + request));
        System.out.printf("[bench] consumer throughput: %d events over %d requests, lanes %d, batch %d: sent in %.2f s,"
                        + " all applied after %.2f s: %.0f events/s%n",
                events, requests, config.consumerLanes(), config.consumerBatchSize(), (sentAt - started) / 1e9,
                (done - started) / 1e9, events / ((done - started) / 1e9));
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
