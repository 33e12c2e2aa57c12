package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;
import org.takedown.events.InformationRequested;
import org.takedown.events.RequestCompleted;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestWithdrawn;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/** The claimant withdraws: one event, a final status, and the same answer when asked twice. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class WithdrawalIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void withdrawalPublishesOneEventAndASecondWithdrawalChangesNothing() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_WITHDRAWN)) {
            withdraw(receipt).then().statusCode(200).body("status", equalTo("WITHDRAWN"))
                    .body("alreadyWithdrawn", equalTo(false));
            withdraw(receipt).then().statusCode(200).body("status", equalTo("WITHDRAWN"))
                    .body("alreadyWithdrawn", equalTo(true));

            ConsumerRecord<String, String> record = probe.awaitRecord(KafkaProbe.keyed(receipt.id()), Claimants.WAIT);
            assertEquals(receipt.id(), EventCodec.read(record.value(), RequestWithdrawn.class).requestId());
            List<ConsumerRecord<String, String>> ours = probe.drain(Duration.ofSeconds(2)).stream()
                    .filter(KafkaProbe.keyed(receipt.id())).toList();
            assertEquals(1, ours.size(), "one withdrawal event, however often the claimant asks");
        }
        JsonPath view = Claimants.status(receipt);
        assertEquals("WITHDRAWN", view.getString("status"));
        assertEquals(1, view.getList("timeline.status").stream().filter("WITHDRAWN"::equals).count());
    }

    @Test
    void eventsArrivingAfterTheWithdrawalJoinTheTimelineButNeverMoveTheStatus() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        withdraw(receipt).then().statusCode(200);
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestCompleted(UUID.randomUUID(), Instant.now(), receipt.id(), 1));
            JsonPath view = Claimants.awaitTimeline(receipt, "COMPLETED");
            assertEquals("WITHDRAWN", view.getString("status"));
            // Not even a reviewer's question, which may move a request back from review, reopens it.
            sender.send(new InformationRequested(UUID.randomUUID(), Instant.now(), receipt.id(), UUID.randomUUID(),
                    List.of("OTHER"), null));
            view = Claimants.awaitTimeline(receipt, "NEEDS_INFORMATION");
            assertEquals("WITHDRAWN", view.getString("status"));
        }
    }

    @Test
    void aCompletedRequestCanStillBeWithdrawn() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestCompleted(UUID.randomUUID(), Instant.now(), receipt.id(), 1));
        }
        Claimants.awaitStatus(receipt, "COMPLETED");
        withdraw(receipt).then().statusCode(200).body("status", equalTo("WITHDRAWN"));
    }

    @Test
    void aRejectedRequestIsClosedAlready() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestRejected(UUID.randomUUID(), Instant.now(), receipt.id(), "NO_TARGETS", null));
        }
        Claimants.awaitStatus(receipt, "REJECTED");
        withdraw(receipt).then().statusCode(409).contentType("application/problem+json");
        assertEquals("REJECTED", Claimants.status(receipt).getString("status"));
    }

    @Test
    void aWrongOrMissingTokenWithdrawsNothing() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        given().header("X-Claimant-Token", "not-the-token").header("X-Forwarded-For", Claimants.randomAddress())
                .when().post("/api/v1/requests/{id}/withdrawal", receipt.id())
                .then().statusCode(404).contentType("application/problem+json");
        given().header("X-Forwarded-For", Claimants.randomAddress())
                .when().post("/api/v1/requests/{id}/withdrawal", receipt.id()).then().statusCode(404);
        assertEquals("SUBMITTED", Claimants.status(receipt).getString("status"));
    }

    @Test
    void theStatusPageWithdrawsWithItsButtonAndThenNoLongerOffersIt() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        String csrf = Claimants.csrfCookie();
        given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                .when().post("/status/{id}", receipt.id()).then().statusCode(200)
                .body(containsString("Withdraw my request"));
        // Without the page's CSRF pair nothing happens.
        given().cookie("takedown-csrf", csrf).formParam("csrf-token", "B".repeat(43)).formParam("token", receipt.token())
                .when().post("/status/{id}/withdraw", receipt.id()).then().statusCode(403);
        assertEquals("SUBMITTED", Claimants.status(receipt).getString("status"));

        given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                .when().post("/status/{id}/withdraw", receipt.id()).then().statusCode(200)
                .body(containsString("id=\"status-label\">Withdrawn<"))
                .body(containsString("You withdrew your request"))
                .body(not(containsString("Withdraw my request")));
        assertEquals("WITHDRAWN", Claimants.status(receipt).getString("status"));
    }

    private static io.restassured.response.Response withdraw(Claimants.Receipt receipt) {
        return given().header("X-Claimant-Token", receipt.token()).header("X-Forwarded-For", Claimants.randomAddress())
                .when().post("/api/v1/requests/{id}/withdrawal", receipt.id());
    }
}
