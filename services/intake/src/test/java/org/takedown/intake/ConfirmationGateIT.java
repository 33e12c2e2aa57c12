package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.RequestReceived;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.Topics;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * With confirmation required (the default outside tests), a request waits in AWAITING_CONFIRMATION
 * and reaches verification only once the claimant confirmed the address, by the link or the API.
 */
@QuarkusTest
@TestProfile(ConfirmationGateIT.ConfirmationRequired.class)
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
@WithTestResource(GreenMailResource.class)
class ConfirmationGateIT {

    public static class ConfirmationRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("takedown.intake.email.confirmation-required", "true");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern CODE = Pattern.compile("/confirm/([0-9a-f-]{36})\\?code=([A-Za-z0-9_-]+)");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    @Test
    void aRequestIsProcessedOnlyOnceItsAddressIsConfirmed() throws Exception {
        String email = "gate-" + UUID.randomUUID() + "@example.org";
        JsonPath receipt = submit(email);
        String id = receipt.getString("id");
        String token = receipt.getString("accessToken");
        assertEquals("AWAITING_CONFIRMATION", receipt.getString("status"));
        String code = codeFromMailTo(email, id);
        assertNull(given().header("X-Claimant-Token", token).when().get("/api/v1/requests/{id}", id)
                .then().statusCode(200).extract().jsonPath().get("deadline"), "no legal clock before the request is confirmed");

        Instant confirmedFrom = Instant.now();
        assertEquals("CONFIRMED", given().contentType(ContentType.JSON).body("{\"code\":\"" + code + "\"}")
                .when().post("/api/v1/requests/{id}/confirmation", id)
                .then().statusCode(200).extract().jsonPath().getString("outcome"));

        try (KafkaProbe submitted = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            ConsumerRecord<String, String> record = submitted.awaitRecord(r -> id.equals(r.key()), WAIT);
            RequestSubmitted event = EventCodec.read(record.value(), RequestSubmitted.class);
            assertTrue(!event.occurredAt().isBefore(confirmedFrom),
                    "requests.submitted went out at " + event.occurredAt() + ", before the confirmation at " + confirmedFrom);
            assertEquals(List.of("https://images.example.org/cat.jpg"), event.imageUrls());
            assertTrue(!event.clock().receivedAt().isBefore(confirmedFrom.truncatedTo(java.time.temporal.ChronoUnit.MICROS)),
                    "the legal clock starts at the confirmation, not at " + event.clock().receivedAt());
            assertEquals(1, submitted.drain(Duration.ofSeconds(1)).stream().filter(r -> id.equals(r.key())).count(),
                    "exactly one requests.submitted for the request");
        }
        JsonPath status = given().header("X-Claimant-Token", token).when().get("/api/v1/requests/{id}", id)
                .then().statusCode(200).extract().jsonPath();
        assertEquals("SUBMITTED", status.getString("status"));
        assertTrue(!Instant.parse(status.getString("deadline.receivedAt")).isBefore(
                confirmedFrom.truncatedTo(java.time.temporal.ChronoUnit.MICROS)), status.prettify());
        assertEquals(List.of("AWAITING_CONFIRMATION", "SUBMITTED"),
                status.getList("timeline.findAll { it.note == null }.status"));

        // Confirming again changes nothing.
        assertEquals("ALREADY_CONFIRMED", given().contentType(ContentType.JSON).body("{\"code\":\"" + code + "\"}")
                .when().post("/api/v1/requests/{id}/confirmation", id).then().extract().jsonPath().getString("outcome"));
    }

    @Test
    void anUnconfirmedRequestIsReceivedAndCountedButNotSubmitted() {
        String email = "gate-received-" + UUID.randomUUID() + "@example.org";
        try (KafkaProbe received = new KafkaProbe(bootstrapServers, Topics.REQUESTS_RECEIVED);
                KafkaProbe submitted = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            String id = submit(email).getString("id");
            ConsumerRecord<String, String> record = received.awaitRecord(r -> id.equals(r.key()), WAIT);
            RequestReceived event = EventCodec.read(record.value(), RequestReceived.class);
            assertEquals(ClaimType.COPYRIGHT, event.claimType());
            assertFalse(record.value().contains(email), "the address stays in intake: " + record.value());
            assertEquals(0, submitted.drain(Duration.ofSeconds(2)).stream().filter(r -> id.equals(r.key())).count(),
                    "nothing is submitted for processing before the address is confirmed");
        }
    }

    @Test
    void aWrongOrExpiredCodeReleasesNothing() throws Exception {
        String email = "gate-bad-" + UUID.randomUUID() + "@example.org";
        JsonPath receipt = submit(email);
        String id = receipt.getString("id");
        String code = codeFromMailTo(email, id);

        given().contentType(ContentType.JSON).body("{\"code\":\"not-the-code\"}")
                .when().post("/api/v1/requests/{id}/confirmation", id)
                .then().statusCode(404).contentType("application/problem+json");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE intake.claimant_mail SET expires_at = now() - interval '1 minute' WHERE request_id = :id")
                .setParameter("id", UUID.fromString(id)).executeUpdate());
        given().contentType(ContentType.JSON).body("{\"code\":\"" + code + "\"}")
                .when().post("/api/v1/requests/{id}/confirmation", id)
                .then().statusCode(410).contentType("application/problem+json");

        assertEquals("AWAITING_CONFIRMATION", given().header("X-Claimant-Token", receipt.getString("accessToken"))
                .when().get("/api/v1/requests/{id}", id).then().statusCode(200).extract().jsonPath().getString("status"));
    }

    private static JsonPath submit(String email) {
        return given().contentType(ContentType.JSON).body(Requests.copyright(email))
                .when().post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
    }

    private static String codeFromMailTo(String address, String id) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : GreenMailResource.server().getReceivedMessages()) {
                if (Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(r -> r.toString().contains(address))) {
                    Matcher link = CODE.matcher(GreenMailUtil.getBody(message));
                    assertTrue(link.find(), GreenMailUtil.getBody(message));
                    assertEquals(id, link.group(1));
                    return link.group(2);
                }
            }
            GreenMailResource.server().waitForIncomingEmail(500, 1);
        }
        throw new AssertionError("no mail to " + address + " within " + WAIT);
    }
}
