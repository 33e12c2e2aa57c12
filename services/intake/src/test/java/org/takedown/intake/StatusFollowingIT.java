package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.RemovalItem;
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.events.RequestCompleted;
import org.takedown.events.RequestNeedsInformation;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestVerified;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/** Intake follows the other services' topics and shows the claimant where their request is. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class StatusFollowingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void lateEventJoinsTheTimelineButNeverMovesTheStatusBack() {
        Receipt receipt = submit(Requests.copyright("late@example.org"));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestCompleted(UUID.randomUUID(), Instant.now(), receipt.id(), 1));
            awaitTimeline(receipt, "COMPLETED");
            sender.send(new RequestVerified(UUID.randomUUID(), Instant.now(), receipt.id(), ClaimType.COPYRIGHT,
                    List.of(), List.of(), 0, 0, 0, List.of()));
            JsonPath status = awaitTimeline(receipt, "VERIFIED");
            assertEquals("COMPLETED", status.getString("status"));
        }
    }

    @Test
    void removalsFoundAgainInANewReleaseAreTimelineNotesAndACarryOverDecisionKeepsTheStatus() {
        Receipt receipt = submit(Requests.copyright("carried@example.org"));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestCompleted(UUID.randomUUID(), Instant.now(), receipt.id(), 1));
            awaitTimeline(receipt, "COMPLETED");
            sender.send(RemovalsCarriedOver.of(receipt.id(), "demo-a", "2026-12", Instant.now(), List.of(
                    new RemovalItem("n-1", "https://images.example.org/1.jpg", null, "demo-a", "2026-12"),
                    new RemovalItem("n-2", "https://mirror.example/1.jpg", null, "demo-a", "2026-12")), List.of(
                    new RemovalsCarriedOver.NearDuplicate("n-3", "https://c.example/3.jpg", "ab".repeat(32), 9, "i-3",
                            "https://images.example.org/3.jpg", "2026-11"))));
            sender.send(ReviewDecided.of(receipt.id(), UUID.randomUUID(), ClaimType.COPYRIGHT, ReviewOutcome.DENIED)
                    .release("demo-a", "2026-12").carriedTo("2026-12").reasonCode("NOT_THE_SAME_WORK").build());
            JsonPath status = awaitNote(receipt, "CARRY_OVER_DECIDED");
            status = awaitNote(receipt, "NEAR_COPIES_IN_REVIEW");
            assertEquals("COMPLETED", status.getString("status"));
            assertEquals("Found again in release demo-a/2026-12: 2 item(s) removed there as well, under the decision already made.",
                    status.getString("timeline.find { it.note == 'CARRIED_OVER' }.explanation"));
            assertEquals("demo-a/2026-12,1", status.getString("timeline.find { it.note == 'NEAR_COPIES_IN_REVIEW' }.detail"));
            assertEquals("demo-a/2026-12,DENIED", status.getString("timeline.find { it.note == 'CARRY_OVER_DECIDED' }.detail"));
            assertFalse(status.getList("timeline.status").contains("DENIED"));
        }
    }

    @Test
    void missingStatementElementsAreShownToTheClaimant() {
        Receipt receipt = submit(Requests.copyright("missing@example.org"));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestNeedsInformation(UUID.randomUUID(), Instant.now(), receipt.id(), ClaimType.COPYRIGHT,
                    List.of("signature", "goodFaithStatement")));
            JsonPath status = awaitTimeline(receipt, "NEEDS_INFORMATION");
            assertEquals("NEEDS_INFORMATION", status.getString("status"));
            assertEquals("signature,goodFaithStatement", status.getString("timeline.find { it.status == 'NEEDS_INFORMATION' }.detail"));
            String explanation = status.getString("explanation");
            org.junit.jupiter.api.Assertions.assertTrue(explanation.contains("your signature"), explanation);
        }
    }

    @Test
    void statementsTravelAsElementNamesOnly() {
        String body = """
                {"claimType":"COPYRIGHT","claimant":{"email":"stmt@example.org"},
                 "imageUrls":["https://images.example.org/s.jpg"],
                 "statements":{"signature":"Sigrid Unverwechselbar","goodFaithStatement":true,"accuracyUnderPenaltyOfPerjury":false,
                               "identificationOfWork":""}}""";
        Receipt receipt = submit(body);

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            String payload = probe.awaitRecord(KafkaProbe.keyed(receipt.id()), WAIT).value();
            assertFalse(payload.contains("Unverwechselbar"), payload);
            assertEquals(List.of("signature", "goodFaithStatement"),
                    EventCodec.read(payload, RequestSubmitted.class).statementElements());
        }
    }

    private record Receipt(UUID id, String token) {
    }

    private static Receipt submit(String body) {
        JsonPath receipt = given().contentType(ContentType.JSON).body(body).when().post("/api/v1/requests")
                .then().statusCode(201).extract().jsonPath();
        return new Receipt(UUID.fromString(receipt.getString("id")), receipt.getString("accessToken"));
    }

    private static JsonPath awaitNote(Receipt receipt, String note) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().header("X-Claimant-Token", receipt.token()).when().get("/api/v1/requests/{id}", receipt.id())
                    .then().statusCode(200).extract().jsonPath();
            if (last.getList("timeline.note").contains(note)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timeline never showed note " + note + "; last: " + (last == null ? null : last.prettify()));
    }

    private static JsonPath awaitTimeline(Receipt receipt, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().header("X-Claimant-Token", receipt.token()).when().get("/api/v1/requests/{id}", receipt.id())
                    .then().statusCode(200).extract().jsonPath();
            if (last.getList("timeline.status").contains(status)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timeline never showed " + status + "; last: " + (last == null ? null : last.prettify()));
    }
}
