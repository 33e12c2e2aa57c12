package org.takedown.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.takedown.testing.KafkaProbe;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;
import org.takedown.events.EventTypes;
import org.takedown.events.RequestRejected;
import org.takedown.events.Topics;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "service", value = "messaging_test"))
class OutboxIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void committedEventReachesKafkaAsBinaryCloudEventKeyedByRequest() {
        RequestRejected event = rejected(UUID.randomUUID());

        QuarkusTransaction.requiringNew().run(() -> outbox.publish(event));

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            ConsumerRecord<String, String> record = probe.awaitRecord(
                    r -> event.eventId().toString().equals(KafkaProbe.header(r, "ce_id")), WAIT);
            assertEquals(event.requestId().toString(), record.key());
            assertEquals(EventTypes.REQUEST_REJECTED, KafkaProbe.header(record, "ce_type"));
            assertEquals("1.0", KafkaProbe.header(record, "ce_specversion"));
            assertEquals("/takedown/messaging-test", KafkaProbe.header(record, "ce_source"));
            assertEquals(event, EventCodec.read(record.value(), RequestRejected.class));
        }
    }

    @Test
    void rolledBackEventIsNeverPublished() {
        UUID requestId = UUID.randomUUID();
        RequestRejected rolledBack = rejected(requestId);
        RequestRejected marker = rejected(requestId);

        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.publish(rolledBack);
            throw new IllegalStateException("the business change failed after the event was recorded");
        }));
        // Same key, same partition: the marker, committed later, arrives after anything published before it.
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(marker));

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            probe.awaitRecord(r -> marker.eventId().toString().equals(KafkaProbe.header(r, "ce_id")), WAIT);
            assertTrue(probe.seen().stream().noneMatch(r -> rolledBack.eventId().toString().equals(KafkaProbe.header(r, "ce_id"))),
                    "an event of a rolled-back transaction was published");
        }
    }

    @Test
    void eventsPublishedTogetherReachKafkaInTheirOrderOrNotAtAll() {
        UUID requestId = UUID.randomUUID();
        List<RequestRejected> rolledBack = List.of(rejected(requestId), rejected(requestId));
        List<RequestRejected> committed = List.of(rejected(requestId), rejected(requestId), rejected(requestId));

        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.publishAll(rolledBack);
            throw new IllegalStateException("the business change failed after the events were recorded");
        }));
        QuarkusTransaction.requiringNew().run(() -> outbox.publishAll(committed));

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            String last = committed.get(committed.size() - 1).eventId().toString();
            probe.awaitRecord(r -> last.equals(KafkaProbe.header(r, "ce_id")), WAIT);
            List<String> published = probe.seen().stream().filter(KafkaProbe.keyed(requestId))
                    .map(r -> KafkaProbe.header(r, "ce_id")).toList();
            assertEquals(committed.stream().map(e -> e.eventId().toString()).toList(), published);
            assertEquals(committed.get(1), EventCodec.read(probe.seen().stream()
                    .filter(r -> committed.get(1).eventId().toString().equals(KafkaProbe.header(r, "ce_id")))
                    .findFirst().orElseThrow().value(), RequestRejected.class));
        }
    }

    @Test
    void publishingOutsideATransactionIsRefused() {
        assertThrows(jakarta.transaction.TransactionalException.class, () -> outbox.publish(rejected(UUID.randomUUID())));
        assertThrows(jakarta.transaction.TransactionalException.class, () -> outbox.publishAll(List.of(rejected(UUID.randomUUID()))));
    }

    static RequestRejected rejected(UUID requestId) {
        return new RequestRejected(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), requestId, "TEST");
    }
}
