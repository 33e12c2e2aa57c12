package org.takedown.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.takedown.events.RequestRejected;
import org.takedown.events.Topics;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Rows Kafka refuses for good are parked (ADR 012), against the real broker (its default 1 MiB
 * message limit) and PostgreSQL. The relay sends one row per round here, so a refused row that stayed
 * at the head of the outbox would hold back every row behind it — what these tests rule out.
 */
@QuarkusTest
@TestProfile(OutboxParkingIT.OneRowPerRound.class)
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "service", value = "messaging_test"))
class OutboxParkingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Larger than Kafka's default max.message.bytes and the producer's max.request.size (1 MiB). */
    private static final String TOO_LARGE = "x".repeat(1_200_000);

    public static class OneRowPerRound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("takedown.messaging.relay-batch-size", "1", "takedown.messaging.backlog-interval", "1s");
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    ParkedOutbox parkedOutbox;

    @Inject
    ParkedEventsRecorder parkedEvents;

    @Inject
    OutboxBacklog backlog;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @AfterEach
    void dropParkedRows() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM messaging_test.outbox_event WHERE parked_at IS NOT NULL");
        }
    }

    @Test
    void aRowKafkaRefusesAsTooLargeIsParkedAndRowsOfOtherKeysBehindItGoOut() {
        RequestRejected tooLarge = rejected(UUID.randomUUID(), TOO_LARGE);
        RequestRejected otherKey = rejected(UUID.randomUUID(), "TEST");

        QuarkusTransaction.requiringNew().run(() -> outbox.publish(tooLarge));
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(otherKey));

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            probe.awaitRecord(r -> otherKey.eventId().toString().equals(KafkaProbe.header(r, "ce_id")), WAIT);
        }
        ParkedOutbox.ParkedEvent parked = parkedRow(tooLarge.eventId());
        assertEquals(1, parked.attempts());
        assertTrue(parked.reason().startsWith("RecordTooLargeException"), parked.reason());
        // Announced right after the parking commits.
        Instant deadline = Instant.now().plus(WAIT);
        while (parkedEvents.seen().stream().noneMatch(e -> e.eventId().equals(tooLarge.eventId()) && e.refused())) {
            assertTrue(Instant.now().isBefore(deadline), "no OutboxEventParked for the refused row");
            sleep();
        }
    }

    @Test
    void rowsOfTheSameKeyBehindAParkedRowAreHeldAndNotPublished() {
        UUID requestId = UUID.randomUUID();
        RequestRejected tooLarge = rejected(requestId, TOO_LARGE);
        RequestRejected sameRoundBehind = rejected(requestId, "TEST");
        RequestRejected marker = rejected(UUID.randomUUID(), "TEST");
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(tooLarge));
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(sameRoundBehind));
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(marker));

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            probe.awaitRecord(r -> marker.eventId().toString().equals(KafkaProbe.header(r, "ce_id")), WAIT);
            // Written after the parking: held as well, though the refused row is no longer in any round.
            RequestRejected writtenLater = rejected(requestId, "TEST");
            RequestRejected secondMarker = rejected(UUID.randomUUID(), "TEST");
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(writtenLater));
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(secondMarker));
            probe.awaitRecord(r -> secondMarker.eventId().toString().equals(KafkaProbe.header(r, "ce_id")), WAIT);

            assertTrue(probe.seen().stream().noneMatch(KafkaProbe.keyed(requestId)),
                    "an event of the parked row's key overtook it");
            for (RequestRejected held : List.of(sameRoundBehind, writtenLater)) {
                ParkedOutbox.ParkedEvent row = parkedRow(held.eventId());
                assertEquals("held behind parked event " + tooLarge.eventId(), row.reason());
                assertEquals(0, row.attempts());
            }
        }
    }

    @Test
    void parkedRowsAreAGaugeAndLeaveTheBacklogOfLiveRows() {
        RequestRejected tooLarge = rejected(UUID.randomUUID(), TOO_LARGE);
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(tooLarge));
        parkedRow(tooLarge.eventId());

        backlog.sample();

        assertTrue(backlog.parked() >= 1);
        assertEquals(0, backlog.events(), "a parked row still counts as waiting for Kafka");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("takedown_outbox_parked_events ") && !l.endsWith(" 0.0")),
                metrics.lines().filter(l -> l.startsWith("takedown_outbox")).toList().toString());
    }

    private ParkedOutbox.ParkedEvent parkedRow(UUID eventId) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            var row = parkedOutbox.parked(Topics.REQUESTS_REJECTED, 1000).stream()
                    .filter(p -> p.eventId().equals(eventId)).findFirst();
            if (row.isPresent()) {
                return row.get();
            }
            sleep();
        }
        throw new AssertionError("event " + eventId + " was not parked within " + WAIT);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RequestRejected rejected(UUID requestId, String reason) {
        return new RequestRejected(UUID.randomUUID(), Instant.now(), requestId, reason);
    }
}
