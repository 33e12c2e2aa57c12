package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.RequestNeedsInformation;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/** Verification found statements missing: the claimant adds them on the status page and the request is checked again. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class ResubmissionIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void missingStatementsAddedOnThePageAreSubmittedAgainUnderTheSameRequest() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED);
                EventSender sender = new EventSender(bootstrapServers)) {
            ConsumerRecord<String, String> first = probe.awaitRecord(KafkaProbe.keyed(receipt.id()), Claimants.WAIT);
            sender.send(new RequestNeedsInformation(UUID.randomUUID(), Instant.now(), receipt.id(), ClaimType.COPYRIGHT,
                    List.of("signature", "goodFaithStatement")));
            Claimants.awaitStatus(receipt, "NEEDS_INFORMATION");

            String csrf = Claimants.csrfCookie();
            String page = Claimants.statusPage(receipt, csrf);
            assertTrue(page.contains("name=\"statements.signature\""), page);
            assertTrue(page.contains("type=\"checkbox\" id=\"s-goodFaithStatement\""), page);

            // Only one of the two: refused next to the other field, nothing sent.
            given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                    .formParam("statements.signature", "Jane Doe").when().post("/status/{id}/statements", receipt.id())
                    .then().statusCode(400).body(containsString("id=\"s-goodFaithStatement-error\""))
                    .body(containsString("value=\"Jane Doe\""));
            assertEquals("NEEDS_INFORMATION", Claimants.status(receipt).getString("status"));

            given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                    .formParam("statements.signature", "Jane Doe").formParam("statements.goodFaithStatement", "on")
                    .when().post("/status/{id}/statements", receipt.id())
                    .then().statusCode(200).body(containsString("checking your request again"))
                    .body(containsString("id=\"status-label\">Received<"));

            ConsumerRecord<String, String> again = probe.awaitRecord(
                    r -> KafkaProbe.keyed(receipt.id()).test(r) && r != first, Claimants.WAIT);
            RequestSubmitted before = EventCodec.read(first.value(), RequestSubmitted.class);
            RequestSubmitted after = EventCodec.read(again.value(), RequestSubmitted.class);
            assertNotEquals(before.eventId(), after.eventId());
            assertEquals(receipt.id(), after.requestId());
            assertEquals(before.imageUrls(), after.imageUrls());
            assertTrue(after.statementElements().containsAll(List.of("work", "signature", "goodFaithStatement")),
                    after.statementElements().toString());
            assertFalse(again.value().contains("Jane Doe"), "statement content never travels");
            assertTrue(Claimants.status(receipt).getList("timeline.detail").contains("STATEMENTS_ADDED"));

            // Nothing is missing any more: a second submission of the form is refused.
            given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                    .formParam("statements.signature", "Jane Doe").when().post("/status/{id}/statements", receipt.id())
                    .then().statusCode(409);
        }
    }

    @Test
    void theApiTakesTheMissingStatementsToo() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestNeedsInformation(UUID.randomUUID(), Instant.now(), receipt.id(), ClaimType.COPYRIGHT,
                    List.of("signature")));
        }
        Claimants.awaitStatus(receipt, "NEEDS_INFORMATION");
        statements(receipt, receipt.token(), "{\"statements\":{\"signature\":\"  \"}}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("statements.signature"));
        statements(receipt, "wrong", "{\"statements\":{\"signature\":\"Jane Doe\"}}").then().statusCode(404);
        assertEquals("NEEDS_INFORMATION", Claimants.status(receipt).getString("status"));
        statements(receipt, receipt.token(), "{\"statements\":{\"signature\":\"Jane Doe\"}}").then().statusCode(200);
        assertEquals("SUBMITTED", Claimants.status(receipt).getString("status"));
    }

    private static io.restassured.response.Response statements(Claimants.Receipt receipt, String token, String body) {
        return given().header("X-Claimant-Token", token).header("X-Forwarded-For", Claimants.randomAddress())
                .contentType(io.restassured.http.ContentType.JSON).body(body)
                .when().post("/api/v1/requests/{id}/statements", receipt.id());
    }
}
