package org.takedown.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;
import org.takedown.events.RequestCompleted;
import org.takedown.events.RequestRejected;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/** Traces and metrics of the outbox, the relay and a consumer, against real Kafka and PostgreSQL. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "service", value = "messaging_test"))
class MessagingObservabilityIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Outbox outbox;

    @Inject
    Tracer tracer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void oneTraceFollowsAnEventThroughTheRelayAConsumerAndItsNextEvent() {
        UUID requestId = UUID.randomUUID();
        RequestCompleted completed = new RequestCompleted(UUID.randomUUID(), Instant.now(), requestId, 0);
        Span request = tracer.spanBuilder("test request").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(completed));
        } finally {
            request.end();
        }
        String traceId = request.getSpanContext().getTraceId();

        try (KafkaProbe first = new KafkaProbe(bootstrapServers, Topics.REQUESTS_COMPLETED);
                KafkaProbe next = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            ConsumerRecord<String, String> published = first.awaitRecord(
                    r -> completed.eventId().toString().equals(KafkaProbe.header(r, "ce_id")), WAIT);
            // Published by the relay thread after the transaction, yet in the trace of the request.
            assertEquals(traceId, traceIdOf(published), "the relayed event left the request's trace");
            assertNotEquals(request.getSpanContext().getSpanId(), spanIdOf(published),
                    "the relay's producer span should be a child of the request span, not the span itself");

            ConsumerRecord<String, String> followUp = next.awaitRecord(r -> requestId.toString().equals(r.key())
                    && CompletedTestConsumer.FOLLOW_UP.equals(EventCodec.read(r.value(), RequestRejected.class).reasonCode()), WAIT);
            assertEquals(traceId, traceIdOf(followUp), "the consumer's own event did not continue the trace it consumed");
        }
        // The relay's producer reports its Kafka client metrics under its own client id.
        Matcher sent = Pattern.compile("kafka_producer_record_send_total\\{[^}]*client_id=\"outbox-takedown-messaging-test\"[^}]*} (\\S+)")
                .matcher(metrics());
        assertTrue(sent.find(), "no kafka_producer_record_send_total for the relay's producer");
        assertTrue(Double.parseDouble(sent.group(1)) >= 1, "the relay's producer sent nothing: " + sent.group(1));
    }

    @Test
    void laterEventFromAnotherTraceContinuesTheRequestsTrace() {
        UUID requestId = UUID.randomUUID();
        RequestRejected first = OutboxIT.rejected(requestId);
        RequestRejected later = OutboxIT.rejected(requestId);
        Span submission = tracer.spanBuilder("submission").startSpan();
        try (Scope ignored = submission.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(first));
        } finally {
            submission.end();
        }
        // Days later a person acts on the request: their click is a trace of its own.
        Span click = tracer.spanBuilder("reviewer click").startSpan();
        try (Scope ignored = click.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(later));
        } finally {
            click.end();
        }
        assertNotEquals(submission.getSpanContext().getTraceId(), click.getSpanContext().getTraceId());

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            ConsumerRecord<String, String> record = probe.awaitRecord(
                    r -> later.eventId().toString().equals(KafkaProbe.header(r, "ce_id")), WAIT);
            assertEquals(submission.getSpanContext().getTraceId(), traceIdOf(record),
                    "the later event should continue the request's trace, not the click's");
        }
    }

    @Test
    void eventOfAScheduledJobAboutAKnownRequestJoinsItsTrace() {
        UUID requestId = UUID.randomUUID();
        RequestRejected first = OutboxIT.rejected(requestId);
        RequestRejected fromJob = OutboxIT.rejected(requestId);
        Span submission = tracer.spanBuilder("submission").startSpan();
        try (Scope ignored = submission.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(first));
        } finally {
            submission.end();
        }
        // A scheduler thread: no span at all.
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(fromJob));

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            ConsumerRecord<String, String> record = probe.awaitRecord(
                    r -> fromJob.eventId().toString().equals(KafkaProbe.header(r, "ce_id")), WAIT);
            assertEquals(submission.getSpanContext().getTraceId(), traceIdOf(record));
        }
    }

    @Test
    void eventRecordedWithoutATraceStartsItsOwn() {
        RequestRejected event = OutboxIT.rejected(UUID.randomUUID());
        Span unrelated = tracer.spanBuilder("unrelated").startSpan();
        unrelated.end();

        QuarkusTransaction.requiringNew().run(() -> outbox.publish(event));

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            ConsumerRecord<String, String> record = probe.awaitRecord(
                    r -> event.eventId().toString().equals(KafkaProbe.header(r, "ce_id")), WAIT);
            String traceId = traceIdOf(record);
            assertNotEquals(unrelated.getSpanContext().getTraceId(), traceId);
            assertTrue(traceId.matches("[0-9a-f]{32}") && !traceId.equals("0".repeat(32)), traceId);
        }
    }

    @Test
    void consumersReportWaitAndHandlingTimesAndDeadLettersAreCounted() {
        // The gauge reads -1 until its first look at Kafka: start from a real count.
        long before = deadLetters("takedown.requests.completed.dlq");
        long readBy = System.nanoTime() + WAIT.toNanos();
        while (before < 0) {
            if (System.nanoTime() > readBy) {
                fail("takedown_dlq_records was never read from Kafka");
            }
            sleep();
            before = deadLetters("takedown.requests.completed.dlq");
        }
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestCompleted(UUID.randomUUID(), Instant.now().minusSeconds(2), requestId, 1));
            sender.sendRaw(Topics.REQUESTS_COMPLETED, null, requestId.toString(), "{\"not\":\"an event\"");
        }

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (deadLetters("takedown.requests.completed.dlq") < before + 1) {
            if (System.nanoTime() > deadline) {
                fail("takedown_dlq_records did not count the poison message; still " + deadLetters("takedown.requests.completed.dlq"));
            }
            sleep();
        }
        // The valid event came first on the same partition; its timers are there once it was handled.
        long handledBy = System.nanoTime() + WAIT.toNanos();
        while (!metrics().contains("takedown_events_wait_seconds_count{consumer=\"messaging-test\"")) {
            if (System.nanoTime() > handledBy) {
                break;
            }
            sleep();
        }
        String metrics = metrics();
        Matcher waits = Pattern.compile("takedown_events_wait_seconds_count\\{consumer=\"messaging-test\",topic=\"takedown.requests.completed\"} (\\S+)")
                .matcher(metrics);
        assertTrue(waits.find(), "no wait timer for the consumer:\n" + metrics.lines().filter(l -> l.startsWith("takedown_")).toList());
        assertTrue(Double.parseDouble(waits.group(1)) >= 1);
        Matcher maxWait = Pattern.compile("takedown_events_wait_seconds_max\\{consumer=\"messaging-test\",topic=\"takedown.requests.completed\"} (\\S+)")
                .matcher(metrics);
        assertTrue(maxWait.find());
        assertTrue(Double.parseDouble(maxWait.group(1)) >= 2.0, "the event waited at least 2 s, the timer says " + maxWait.group(1));
        assertTrue(metrics.contains("takedown_events_handling_seconds_count{consumer=\"messaging-test\",topic=\"takedown.requests.completed\"}"));
    }

    private static long deadLetters(String topic) {
        Matcher m = Pattern.compile("takedown_dlq_records\\{topic=\"" + Pattern.quote(topic) + "\"} (\\S+)").matcher(metrics());
        assertTrue(m.find(), "no takedown_dlq_records gauge for " + topic);
        return (long) Double.parseDouble(m.group(1));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static String traceIdOf(ConsumerRecord<String, String> record) {
        return traceParent(record).split("-")[1];
    }

    private static String spanIdOf(ConsumerRecord<String, String> record) {
        return traceParent(record).split("-")[2];
    }

    private static String traceParent(ConsumerRecord<String, String> record) {
        String value = KafkaProbe.header(record, "traceparent");
        assertNotNull(value, "record without a traceparent header");
        return value;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
