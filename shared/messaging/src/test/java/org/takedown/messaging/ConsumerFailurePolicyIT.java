package org.takedown.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.RequestWithdrawn;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The consumers' failure policy against real Kafka (six partitions) and PostgreSQL: events of one
 * request apply in their order; a database outage holds them back and dead-letters nothing; a
 * malformed event or a violated invariant goes to the dead-letter topic at once, with its reason.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "service", value = "messaging_test"))
class ConsumerFailurePolicyIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DLQ = Topics.deadLetter(Topics.REQUESTS_WITHDRAWN);
    /** How long PostgreSQL stays down: the outage of the issue, 30 s, unless told otherwise. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("takedown.test.outage-seconds", 30));

    @Inject
    WithdrawnTestConsumer consumer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void eventsOfOneRequestApplyInTheirOrderUnderShuffledLoadAndTransientFailures() {
        Random random = new Random(18);
        Map<UUID, List<RequestWithdrawn>> byRequest = events(12, 40);
        List<RequestWithdrawn> shuffled = interleave(byRequest, random);
        // One in ten fails once as a lost database connection would, and is retried in place.
        shuffled.stream().filter(e -> random.nextInt(10) == 0).forEach(e -> consumer.failOnceTransiently(e.eventId()));

        try (EventSender sender = new EventSender(bootstrapServers)) {
            shuffled.forEach(sender::send);
        }

        awaitAllCommitted(byRequest, WAIT);
        byRequest.forEach((request, events) -> assertEquals(ids(events), consumer.committed(request),
                "events of request " + request + " were applied out of their order"));
        assertNoDeadLetters(byRequest.keySet());
    }

    @Test
    void aDatabaseOutageHoldsTheEventsBackAndDeadLettersNoneAndAllApplyInOrderAfterwards() {
        Random random = new Random(30);
        Map<UUID, List<RequestWithdrawn>> byRequest = events(6, 15);
        Map<UUID, List<RequestWithdrawn>> before = new LinkedHashMap<>();
        Map<UUID, List<RequestWithdrawn>> during = new LinkedHashMap<>();
        byRequest.forEach((request, events) -> {
            before.put(request, events.subList(0, 5));
            during.put(request, events.subList(5, events.size()));
        });
        double transientBefore = failures("transient");

        try (EventSender sender = new EventSender(bootstrapServers)) {
            interleave(before, random).forEach(sender::send);
            awaitAllCommitted(before, WAIT);

            RealInfrastructureResource.infrastructure().stopPostgres();
            long stoppedAt = System.nanoTime();
            try {
                interleave(during, random).forEach(sender::send);
                await(() -> stalledSeconds() > 1, Duration.ofSeconds(20), "takedown_consumer_stalled_seconds never rose while the database was down");
                sleepUntil(stoppedAt + OUTAGE.toNanos());
                before.forEach((request, events) -> assertEquals(ids(events), consumer.committed(request),
                        "nothing can commit while the database is down"));
                assertTrue(stalledSeconds() >= OUTAGE.toSeconds() - 10.0, "stalled for " + stalledSeconds() + " s only");
            } finally {
                RealInfrastructureResource.infrastructure().startPostgres();
            }
        }

        awaitAllCommitted(byRequest, Duration.ofSeconds(90));
        byRequest.forEach((request, events) -> assertEquals(ids(events), consumer.committed(request),
                "events of request " + request + " were lost or reordered by the outage"));
        assertNoDeadLetters(byRequest.keySet());
        assertTrue(failures("transient") > transientBefore, "the outage was not counted as transient failures");
        await(() -> stalledSeconds() == 0, Duration.ofSeconds(10), "the consumer still reports itself stalled");
    }

    @Test
    void aMalformedEventGoesToTheDeadLetterTopicAtOnceWithItsReason() {
        String key = UUID.randomUUID().toString();
        RequestWithdrawn after = RequestWithdrawn.of(UUID.fromString(key));
        double deterministicBefore = failures("deterministic");

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe deadLetters = new KafkaProbe(bootstrapServers, DLQ)) {
            sender.sendRaw(Topics.REQUESTS_WITHDRAWN, null, key, "{\"eventId\": \"not a uuid\"");
            sender.send(after);

            ConsumerRecord<String, String> dead = deadLetters.awaitRecord(KafkaProbe.keyed(key), WAIT);
            String reason = KafkaProbe.header(dead, "dead-letter-reason");
            assertTrue(reason != null && reason.contains("not a valid RequestWithdrawn"), "reason: " + reason);
        }
        // The same key, so the same partition: the event behind the poison one was not held back.
        awaitAllCommitted(Map.of(after.requestId(), List.of(after)), WAIT);
        assertEquals(deterministicBefore + 1, failures("deterministic"));
    }

    @Test
    void aViolatedInvariantIsDeadLetteredOnTheFirstAttemptAndTheRequestsNextEventsFlow() {
        UUID request = UUID.randomUUID();
        RequestWithdrawn refused = RequestWithdrawn.of(request);
        RequestWithdrawn next = RequestWithdrawn.of(request);
        consumer.violateInvariant(refused.eventId());

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe deadLetters = new KafkaProbe(bootstrapServers, DLQ)) {
            sender.send(refused);
            sender.send(next);

            ConsumerRecord<String, String> dead = deadLetters.awaitRecord(KafkaProbe.keyed(request), WAIT);
            assertTrue(dead.value().contains(refused.eventId().toString()));
            assertEquals("request " + request + " was never filed here", KafkaProbe.header(dead, "dead-letter-reason"));
        }
        awaitAllCommitted(Map.of(request, List.of(next)), WAIT);
        assertEquals(1, consumer.attempts(refused.eventId()), "a deterministic failure was retried");
    }

    private static Map<UUID, List<RequestWithdrawn>> events(int requests, int perRequest) {
        Map<UUID, List<RequestWithdrawn>> byRequest = new LinkedHashMap<>();
        for (int r = 0; r < requests; r++) {
            UUID request = UUID.randomUUID();
            List<RequestWithdrawn> events = new ArrayList<>();
            for (int i = 0; i < perRequest; i++) {
                events.add(RequestWithdrawn.of(request));
            }
            byRequest.put(request, events);
        }
        return byRequest;
    }

    /** All events in a random interleaving of the requests, each request's own in their order. */
    private static List<RequestWithdrawn> interleave(Map<UUID, List<RequestWithdrawn>> byRequest, Random random) {
        List<UUID> draws = new ArrayList<>();
        byRequest.forEach((request, events) -> events.forEach(e -> draws.add(request)));
        Collections.shuffle(draws, random);
        Map<UUID, Integer> next = new LinkedHashMap<>();
        List<RequestWithdrawn> order = new ArrayList<>();
        for (UUID request : draws) {
            int i = next.merge(request, 1, Integer::sum) - 1;
            order.add(byRequest.get(request).get(i));
        }
        return order;
    }

    private void awaitAllCommitted(Map<UUID, List<RequestWithdrawn>> byRequest, Duration timeout) {
        await(() -> byRequest.entrySet().stream().allMatch(e -> consumer.committed(e.getKey()).containsAll(ids(e.getValue()))),
                timeout, () -> "not every event was applied; missing per request: " + byRequest.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size() - consumer.committed(e.getKey()).size())));
    }

    private void assertNoDeadLetters(Set<UUID> requests) {
        try (KafkaProbe deadLetters = new KafkaProbe(bootstrapServers, DLQ)) {
            List<ConsumerRecord<String, String>> ours = deadLetters.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> requests.contains(UUID.fromString(r.key()))).toList();
            assertTrue(ours.isEmpty(), ours.size() + " events were dead-lettered: "
                    + ours.stream().map(r -> KafkaProbe.header(r, "dead-letter-reason")).toList());
        }
    }

    private static List<UUID> ids(List<RequestWithdrawn> events) {
        return events.stream().map(RequestWithdrawn::eventId).toList();
    }

    private static double failures(String kind) {
        Matcher counter = Pattern.compile("takedown_consumer_failures_total\\{consumer=\"messaging-test\",kind=\"" + kind
                + "\",topic=\"takedown.requests.withdrawn\"} (\\S+)").matcher(metrics());
        return counter.find() ? Double.parseDouble(counter.group(1)) : 0;
    }

    private static double stalledSeconds() {
        Matcher gauge = Pattern.compile("takedown_consumer_stalled_seconds\\{consumer=\"messaging-test\",topic=\"takedown.requests.withdrawn\"} (\\S+)")
                .matcher(metrics());
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : 0;
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static void await(BooleanSupplier condition, Duration timeout, String message) {
        await(condition, timeout, () -> message);
    }

    private static void await(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(message.get());
            }
            sleepUntil(System.nanoTime() + 200_000_000L);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
