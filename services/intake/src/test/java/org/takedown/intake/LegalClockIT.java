package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.DeadlineExtended;
import org.takedown.events.EventCodec;
import org.takedown.events.LegalClock;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.RequestNeedsInformation;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestVerified;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The claimant's deadline runs from receipt of the confirmed request: the time the request spends in verification
 * and matching counts, waits for the claimant do not. Time is moved by backdating the receipt, as ten days in
 * verification would have left it.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class LegalClockIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    @Test
    void aRequestThatWaitedTenDaysInVerificationShowsTheMonthLessTenDaysWhenItsCaseOpens() {
        Receipt receipt = submit("ten-days@example.org");
        Instant received = backdateReceipt(receipt, Duration.ofDays(10));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), receipt.id(), ClaimType.COPYRIGHT, "demo", "2026-11",
                    List.of(new MatchCandidate("i-1", "https://images.example.org/1.jpg", "one", List.of("EXACT_URL"), 1.0)), 1,
                    LegalClock.receivedAt(received)));
        }
        JsonPath status = awaitStatus(receipt, s -> "IN_REVIEW".equals(s.getString("status")));

        Instant due = received.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
        // 20 days in a 30-day month (as when this was written: received in late November), 21 in a 31-day one.
        long daysLeft = received.atOffset(ZoneOffset.UTC).toLocalDate().lengthOfMonth() - 10;
        assertEquals(received, Instant.parse(status.getString("deadline.receivedAt")));
        assertEquals(due, Instant.parse(status.getString("deadline.dueAt")));
        assertEquals(due, Instant.parse(status.getString("answerDueAt")));
        assertEquals(daysLeft, status.getLong("deadline.daysLeft"));
        assertFalse(status.getBoolean("deadline.paused"));

        statusPage(receipt).then().statusCode(200)
                .body(containsString("you can expect our answer by " + DAY.format(due) + " (" + daysLeft + " days left)"));
    }

    @Test
    void theSubmittedEventCarriesTheClockFromReceipt() {
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            Receipt receipt = submit("carried@example.org");
            RequestSubmitted submitted = EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(receipt.id()), WAIT).value(),
                    RequestSubmitted.class);
            JsonPath status = awaitStatus(receipt, s -> true);
            assertEquals(Instant.parse(status.getString("deadline.receivedAt")), submitted.clock().receivedAt());
            assertEquals(0, submitted.clock().pausedSeconds());
        }
    }

    @Test
    void missingStatementsStopTheClockUntilTheClaimantAddsThem() {
        Receipt receipt = submit("paused@example.org");
        backdateReceipt(receipt, Duration.ofDays(10));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(RequestNeedsInformation.of(receipt.id(), ClaimType.COPYRIGHT, List.of("signature")));
        }
        JsonPath waiting = awaitStatus(receipt, s -> "NEEDS_INFORMATION".equals(s.getString("status")));
        assertTrue(waiting.getBoolean("deadline.paused"));
        statusPage(receipt).then().statusCode(200).body(containsString("The one-month clock stands still while we wait for your answer"));

        // The claimant answers a day later: the deadline moves by that day, and the new submission says so.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "UPDATE intake.takedown_request SET clock_paused_since = clock_paused_since - interval '1 day' WHERE id = :id")
                .setParameter("id", receipt.id()).executeUpdate());
        Instant dueBefore = Instant.parse(waiting.getString("deadline.dueAt"));
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            given().header("X-Claimant-Token", receipt.token()).contentType(ContentType.JSON)
                    .body("{\"statements\":{\"signature\":\"S. Claimant\"}}")
                    .when().post("/api/v1/requests/{id}/statements", receipt.id()).then().statusCode(200);
            // The topic is read from its start: the first submission (clock not paused) is there too.
            RequestSubmitted again = EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(receipt.id()).and(r ->
                    EventCodec.read(r.value(), RequestSubmitted.class).clock().pausedSeconds() > 0), WAIT).value(),
                    RequestSubmitted.class);
            assertTrue(again.clock().pausedSeconds() >= Duration.ofDays(1).toSeconds(), again.clock().toString());
        }
        JsonPath running = awaitStatus(receipt, s -> "SUBMITTED".equals(s.getString("status")));
        assertFalse(running.getBoolean("deadline.paused"));
        Duration moved = Duration.between(dueBefore, Instant.parse(running.getString("deadline.dueAt")));
        assertTrue(moved.compareTo(Duration.ofDays(1)) >= 0 && moved.compareTo(Duration.ofDays(1).plusMinutes(5)) < 0, moved.toString());
    }

    @Test
    void theWaitForADomainProofThatVerificationCountedMovesTheClaimantsDeadline() {
        Receipt receipt = submit("proof@example.org");
        Instant received = backdateReceipt(receipt, Duration.ofDays(10));
        LegalClock verified = LegalClock.receivedAt(received).withPause(received, received.plus(Duration.ofDays(4)));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestVerified(UUID.randomUUID(), Instant.now(), receipt.id(), ClaimType.COPYRIGHT,
                    List.of("https://images.example.org/1.jpg"), List.of(), 0, 0, 0, List.of("DOMAIN_CONTROL_PROVEN"), List.of(),
                    verified));
        }
        JsonPath status = awaitStatus(receipt, s -> "VERIFIED".equals(s.getString("status")));
        assertEquals(verified.dueAt(), Instant.parse(status.getString("deadline.dueAt")));
    }

    @Test
    void anExtensionByMonthsExtendsTheClockFromReceipt() {
        Receipt receipt = submit("extended@example.org");
        Instant received = backdateReceipt(receipt, Duration.ofDays(10));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(DeadlineExtended.of(receipt.id(), UUID.randomUUID(), Instant.now(), "COMPLEXITY", null, 2));
        }
        JsonPath status = awaitStatus(receipt, s -> s.getInt("deadline.extensionMonths") == 2);
        assertEquals(received.atOffset(ZoneOffset.UTC).plusMonths(3).toInstant(), Instant.parse(status.getString("deadline.dueAt")));
        statusPage(receipt).then().statusCode(200).body(containsString("id=\"answer-due\""))
                .body(containsString(DAY.format(received.atOffset(ZoneOffset.UTC).plusMonths(3).toInstant())));
    }

    private record Receipt(UUID id, String token) {
    }

    private static Receipt submit(String email) {
        JsonPath receipt = given().contentType(ContentType.JSON).body(Requests.copyright(email)).when().post("/api/v1/requests")
                .then().statusCode(201).extract().jsonPath();
        return new Receipt(UUID.fromString(receipt.getString("id")), receipt.getString("accessToken"));
    }

    /** Moves the receipt {@code by} into the past, as if that much time had gone by; returns the new receipt. */
    private Instant backdateReceipt(Receipt receipt, Duration by) {
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("UPDATE intake.takedown_request SET received_at = date_trunc('second', received_at)"
                    + " - cast(:by as interval) WHERE id = :id").setParameter("by", by.toSeconds() + " seconds")
                    .setParameter("id", receipt.id()).executeUpdate();
            return Instant.ofEpochSecond(((Number) entityManager.createNativeQuery(
                    "SELECT cast(extract(EPOCH FROM received_at) AS bigint) FROM intake.takedown_request WHERE id = :id")
                    .setParameter("id", receipt.id()).getSingleResult()).longValue());
        });
    }

    private static io.restassured.response.Response statusPage(Receipt receipt) {
        String csrf = given().when().get("/submit").then().statusCode(200).extract().cookie("takedown-csrf");
        return given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                .when().post("/status/{id}", receipt.id());
    }

    private static JsonPath awaitStatus(Receipt receipt, Predicate<JsonPath> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().header("X-Claimant-Token", receipt.token()).when().get("/api/v1/requests/{id}", receipt.id())
                    .then().statusCode(200).extract().jsonPath();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("status never arrived; last: " + (last == null ? null : last.prettify()));
    }
}
