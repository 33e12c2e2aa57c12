package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.AppealFiled;
import org.takedown.events.ClaimType;
import org.takedown.events.DeadlineExtended;
import org.takedown.events.DecisionReversed;
import org.takedown.events.EventCodec;
import org.takedown.events.InformationProvided;
import org.takedown.events.InformationRequested;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * Reviewers write to the claimant through intake (the text never travels in Kafka); the claimant
 * answers a question or appeals a denial on the status page; review's other events reach the page.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class ReviewDialogueIT {

    private static final String QUESTION = "Could you send the original file of the photo, with its date?";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    private final Tokens tokens = Tokens.shared();

    @Test
    void aReviewerStoresAMessageThatIsKeptSealed() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        UUID messageId = storeMessage(receipt, "INFORMATION_REQUEST", QUESTION, tokens.user("reviewer"));
        byte[] sealed = (byte[]) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT text_sealed FROM intake.request_message WHERE id = :id").setParameter("id", messageId).getSingleResult());
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("original file"), "stored in clear");
        storeMessage(receipt, "DENIAL", "An admin may write too.", tokens.user("admin"));
    }

    @Test
    void messagesNeedAReviewerOrAdminAndAValidBody() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        String path = "/api/v1/internal/requests/{id}/messages";
        String body = "{\"kind\":\"DENIAL\",\"text\":\"no\"}";
        given().contentType(ContentType.JSON).body(body).post(path, receipt.id()).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(tokens.vendor("acme")).contentType(ContentType.JSON).body(body).post(path, receipt.id())
                .then().statusCode(403);
        given().auth().oauth2(tokens.service("review")).contentType(ContentType.JSON).body(body).post(path, receipt.id())
                .then().statusCode(403);
        String reviewer = tokens.user("reviewer");
        for (String bad : List.of("{\"kind\":\"GOSSIP\",\"text\":\"x\"}", "{\"kind\":\"DENIAL\",\"text\":\"  \"}",
                "{\"kind\":\"DENIAL\",\"text\":\"" + "x".repeat(5001) + "\"}", "{\"text\":\"x\"}")) {
            given().auth().oauth2(reviewer).contentType(ContentType.JSON).body(bad).post(path, receipt.id())
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(reviewer).contentType(ContentType.JSON).body(body).post(path, UUID.randomUUID())
                .then().statusCode(404);
        long stored = ((Number) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT count(*) FROM intake.request_message WHERE request_id = :id").setParameter("id", receipt.id())
                .getSingleResult())).longValue();
        assertEquals(0, stored);
    }

    @Test
    void aReviewersQuestionIsShownAndTheAnswerGoesBackToReview() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        UUID messageId = storeMessage(receipt, "INFORMATION_REQUEST", QUESTION, tokens.user("reviewer"));
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_INFORMATION_PROVIDED)) {
            sender.send(new InformationRequested(UUID.randomUUID(), Instant.now(), receipt.id(), UUID.randomUUID(),
                    List.of("OWNERSHIP_PROOF", "OTHER"), messageId));
            JsonPath view = Claimants.awaitStatus(receipt, "NEEDS_INFORMATION");
            assertTrue(view.getString("explanation").contains("proof that the work is yours"), view.getString("explanation"));
            assertEquals(QUESTION, view.getString("message"), "the reviewer's words come with the status");

            String csrf = Claimants.csrfCookie();
            String page = Claimants.statusPage(receipt, csrf);
            assertTrue(page.contains("Please answer our question"), page);
            assertTrue(page.contains("Proof that the work is yours"), page);
            assertTrue(page.contains("Could you send the original file of the photo, with its date?"), page);

            answer(receipt, csrf, "   ").then().statusCode(400).body(containsString("id=\"answer-text-error\""));
            assertEquals("NEEDS_INFORMATION", Claimants.status(receipt).getString("status"));

            answer(receipt, csrf, "Here is where I first published it: https://example.org/2019/cat")
                    .then().statusCode(200).body(containsString("We received your answer"))
                    .body(containsString("id=\"status-label\">Being reviewed by a person<"));
            InformationProvided provided = EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(receipt.id()),
                    Claimants.WAIT).value(), InformationProvided.class);
            assertNotNull(provided.replyId());

            JsonPath reply = given().auth().oauth2(tokens.user("reviewer")).header("X-Takedown-Purpose", "case 7")
                    .get("/api/v1/internal/requests/{id}/replies/{reply}", receipt.id(), provided.replyId())
                    .then().statusCode(200).header("Cache-Control", "no-store").extract().jsonPath();
            assertEquals("INFORMATION", reply.getString("kind"));
            assertEquals("Here is where I first published it: https://example.org/2019/cat", reply.getString("text"));
            assertEquals(provided.replyId().toString(), reply.getString("replyId"));
            assertNotNull(reply.getString("receivedAt"));

            Map<String, Object> line = given().auth().oauth2(tokens.user("admin")).queryParam("requestId", receipt.id())
                    .get("/api/v1/admin/evidence-access").then().statusCode(200).extract().jsonPath().getMap("[0]");
            assertEquals("REPLY_READ", line.get("action"));
            assertEquals("reviewer", line.get("actor"));
            assertEquals(provided.replyId().toString(), line.get("replyId"));
            assertEquals("case 7", line.get("purpose"));

            // A second answer has no question to answer.
            answer(receipt, csrf, "more").then().statusCode(409);
        }
    }

    @Test
    void repliesAreForReviewersAdminsAndServicesOnly() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        String path = "/api/v1/internal/requests/{id}/replies/{reply}";
        UUID reply = UUID.randomUUID();
        given().get(path, receipt.id(), reply).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(tokens.vendor("acme")).get(path, receipt.id(), reply).then().statusCode(403);
        given().auth().oauth2(tokens.service("review")).get(path, receipt.id(), reply).then().statusCode(404);
        given().auth().oauth2(tokens.user("reviewer")).get(path, receipt.id(), "not-a-uuid").then().statusCode(400);
    }

    @Test
    void aDenialShowsItsMessageAndCanBeAppealedOnce() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        storeMessage(receipt, "DENIAL", "The image in the data set is not the one you named.", tokens.user("reviewer"));
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_APPEALED)) {
            sender.send(new ReviewDecided(UUID.randomUUID(), Instant.now(), receipt.id(), UUID.randomUUID(),
                    ClaimType.COPYRIGHT, ReviewOutcome.DENIED, "demo", "2026-11", List.of(), "NOT_MATCHING"));
            assertEquals("The image in the data set is not the one you named.",
                    Claimants.awaitStatus(receipt, "DENIED").getString("message"));
            String csrf = Claimants.csrfCookie();
            String page = Claimants.statusPage(receipt, csrf);
            assertTrue(page.contains("The image in the data set is not the one you named."), page);
            assertTrue(page.contains("Send my appeal"), page);

            appeal(receipt, "").then().statusCode(400).contentType("application/problem+json");
            appeal(receipt, "It is my cat, the same photo cropped.").then().statusCode(201).body("status", equalTo("IN_REVIEW"));
            AppealFiled filed = EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(receipt.id()), Claimants.WAIT).value(),
                    AppealFiled.class);
            JsonPath view = Claimants.status(receipt);
            assertEquals("IN_REVIEW", view.getString("status"));
            assertTrue(view.getList("timeline.detail").contains("APPEAL_FILED"));
            given().auth().oauth2(tokens.user("reviewer")).get("/api/v1/internal/requests/{id}/replies/{reply}",
                    receipt.id(), filed.replyId()).then().statusCode(200).body("kind", equalTo("APPEAL"));

            // Denied again: the one appeal is used up.
            sender.send(new ReviewDecided(UUID.randomUUID(), Instant.now(), receipt.id(), UUID.randomUUID(),
                    ClaimType.COPYRIGHT, ReviewOutcome.DENIED, "demo", "2026-11", List.of(), "NOT_MATCHING"));
            Claimants.await(receipt, v -> v.getList("timeline.status").stream().filter("DENIED"::equals).count() == 2
                    && "DENIED".equals(v.getString("status")), "denied again");
            appeal(receipt, "Please look again.").then().statusCode(409).contentType("application/problem+json");
            assertFalse(Claimants.statusPage(receipt, csrf).contains("Send my appeal"), "the appeal form is gone");
            given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                    .formParam("grounds", "once more").when().post("/status/{id}/appeal", receipt.id())
                    .then().statusCode(409).body(containsString("You already appealed"));
        }
    }

    @Test
    void anExtendedDeadlineIsShownWithItsReason() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        Instant deadline = Instant.now().plus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        UUID messageId = storeMessage(receipt, "DEADLINE_EXTENSION", "Many of the images need checking by hand.",
                tokens.user("reviewer"));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new DeadlineExtended(UUID.randomUUID(), Instant.now(), receipt.id(), UUID.randomUUID(), deadline,
                    "COMPLEXITY", messageId));
        }
        // An event that does not say by how many months: its date is shown as it is.
        JsonPath view = Claimants.await(receipt, v -> v.getList("timeline.note").contains("DEADLINE_EXTENDED"), "a new deadline");
        assertEquals(deadline, Instant.parse(view.getString("answerDueAt")));
        assertTrue(view.getList("timeline.note").contains("DEADLINE_EXTENDED"));
        assertEquals("SUBMITTED", view.getString("status"), "an extension changes no status");
        given().cookie("takedown-csrf", "A".repeat(43)).formParam("csrf-token", "A".repeat(43))
                .formParam("token", receipt.token()).when().post("/status/{id}", receipt.id()).then().statusCode(200)
                .body(containsString("id=\"answer-due\""))
                .body(containsString("Your request needs more work than usual"))
                .body(containsString("Many of the images need checking by hand."));
    }

    @Test
    void aReversedDecisionIsTheLastStatus() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new ReviewDecided(UUID.randomUUID(), Instant.now(), receipt.id(), UUID.randomUUID(),
                    ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, "demo", "2026-11", List.of(), null));
            Claimants.awaitStatus(receipt, "APPROVED");
            sender.send(new DecisionReversed(UUID.randomUUID(), Instant.now(), receipt.id(), UUID.randomUUID(),
                    "WRONG_PERSON", List.of()));
        }
        Claimants.awaitStatus(receipt, "REVERSED");
        given().cookie("takedown-csrf", "A".repeat(43)).formParam("csrf-token", "A".repeat(43))
                .formParam("token", receipt.token()).when().post("/status/{id}", receipt.id()).then().statusCode(200)
                .body(containsString("id=\"status-label\">Decision reversed<"))
                .body(not(containsString("Withdraw my request")));
    }

    private static UUID storeMessage(Claimants.Receipt receipt, String kind, String text, String token) {
        String body = "{\"kind\":\"" + kind + "\",\"text\":\"" + text + "\"}";
        return UUID.fromString(given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/internal/requests/{id}/messages", receipt.id())
                .then().statusCode(201).extract().path("messageId"));
    }

    private static io.restassured.response.Response answer(Claimants.Receipt receipt, String csrf, String text) {
        return given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                .formParam("text", text).when().post("/status/{id}/answer", receipt.id());
    }

    private static io.restassured.response.Response appeal(Claimants.Receipt receipt, String grounds) {
        return given().header("X-Claimant-Token", receipt.token()).header("X-Forwarded-For", Claimants.randomAddress())
                .contentType(ContentType.JSON).body(Map.of("grounds", grounds))
                .when().post("/api/v1/requests/{id}/appeal", receipt.id());
    }
}
