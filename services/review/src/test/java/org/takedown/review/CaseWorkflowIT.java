package org.takedown.review;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.takedown.events.AppealFiled;
import org.takedown.events.ClaimType;
import org.takedown.events.DeadlineExtended;
import org.takedown.events.DecisionReversed;
import org.takedown.events.EventCodec;
import org.takedown.events.InformationProvided;
import org.takedown.events.InformationRequested;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.events.RemovalItem;
import org.takedown.events.RequestWithdrawn;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.review.console.FakeIntake;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The case workflow through the API, with real Kafka, PostgreSQL and Keycloak tokens and a fake intake:
 * assignment, more information (paused clock), deadline extension, denial with a message, appeal,
 * reversal, withdrawal and disputes; every change checks the version and is audited.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
@WithTestResource(FakeIntake.class)
class CaseWorkflowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    @AfterEach
    void intakeBack() {
        FakeIntake.failMessages = false;
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.shared().user(user));
    }

    private static JsonPath read(String caseId) {
        return as("reviewer").when().get("/api/v1/cases/{id}", caseId).then().statusCode(200).extract().jsonPath();
    }

    private static long version(String caseId) {
        return read(caseId).getLong("version");
    }

    private List<String> auditActions(String caseId) {
        return as("admin").queryParam("caseId", caseId).when().get("/api/v1/admin/audit").then().statusCode(200)
                .extract().jsonPath().getList("action");
    }

    @Test
    void aReviewerTakesACaseASeniorGivesItToAnotherAndStaleVersionsChangeNothing() {
        String dataset = "assign-" + UUID.randomUUID().toString().substring(0, 8);
        String caseId = Cases.awaitCase(openCase(dataset, ClaimType.COPYRIGHT));
        long v = version(caseId);

        as("reviewer").contentType(ContentType.JSON).body("{\"assignee\":\"reviewer\",\"version\":" + v + "}")
                .when().put("/api/v1/cases/{id}/assignee", caseId).then().statusCode(200).body("assignee", equalTo("reviewer"));
        // The same form again: the version is stale now, nothing changes.
        as("reviewer2").contentType(ContentType.JSON).body("{\"assignee\":\"reviewer2\",\"version\":" + v + "}")
                .when().put("/api/v1/cases/{id}/assignee", caseId).then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("case-changed"));
        long v2 = version(caseId);
        // A plain reviewer may not give a case to someone else, nor take it from them.
        as("reviewer").contentType(ContentType.JSON).body("{\"assignee\":\"reviewer2\",\"version\":" + v2 + "}")
                .when().put("/api/v1/cases/{id}/assignee", caseId).then().statusCode(403);
        as("senior").contentType(ContentType.JSON).body("{\"assignee\":\"reviewer2\",\"version\":" + v2 + "}")
                .when().put("/api/v1/cases/{id}/assignee", caseId).then().statusCode(200).body("assignee", equalTo("reviewer2"));
        as("reviewer").queryParam("version", version(caseId)).when().delete("/api/v1/cases/{id}/assignee", caseId)
                .then().statusCode(403);
        assertEquals("reviewer2", read(caseId).getString("assignee"));

        List<String> mine = as("reviewer2").queryParam("datasetId", dataset).queryParam("assignee", "me")
                .when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath().getList("id");
        assertEquals(List.of(caseId), mine);
        assertEquals(List.of(), as("reviewer2").queryParam("datasetId", dataset).queryParam("assignee", "unassigned")
                .when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath().getList("id"));
        assertTrue(as("reviewer2").when().get("/api/v1/cases/counts").then().statusCode(200).extract().jsonPath()
                .getLong("mine") >= 1);

        as("reviewer2").queryParam("version", version(caseId)).when().delete("/api/v1/cases/{id}/assignee", caseId)
                .then().statusCode(200).body("assignee", nullValue());
        List<String> actions = auditActions(caseId);
        assertEquals(2, actions.stream().filter("ASSIGNED"::equals).count(), actions.toString());
        assertEquals(1, actions.stream().filter("UNASSIGNED"::equals).count(), actions.toString());
        String why = as("admin").queryParam("caseId", caseId).when().get("/api/v1/admin/audit").then().extract().jsonPath()
                .getString("find { it.action == 'ASSIGNED' && it.actor == 'senior' }.reason");
        assertEquals("assigned to reviewer2 (was reviewer)", why);
    }

    @Test
    void askingForMoreInformationPausesTheClockAndTheAnswerResumesItAndMovesTheDeadline() {
        UUID requestId = openCase("info", ClaimType.LIKENESS);
        String caseId = Cases.awaitCase(requestId);
        Instant dueBefore = Instant.parse(read(caseId).getString("dueAt"));
        int messagesBefore = FakeIntake.MESSAGES.size();

        InformationRequested requested;
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REVIEWS_INFORMATION_REQUESTED)) {
            as("reviewer").contentType(ContentType.JSON)
                    .body("{\"reasonCodes\":[\"IDENTITY_PROOF\",\"BETTER_EVIDENCE\"],\"message\":\"Please send an ID.\",\"version\":"
                            + version(caseId) + "}")
                    .when().post("/api/v1/cases/{id}/information-request", caseId)
                    .then().statusCode(200).body("status", equalTo("WAITING_FOR_CLAIMANT")).body("pausedAt", not(nullValue()));
            requested = EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(), InformationRequested.class);
        }
        assertEquals(List.of("IDENTITY_PROOF", "BETTER_EVIDENCE"), requested.reasonCodes());
        assertEquals(UUID.fromString(caseId), requested.caseId());
        List<String> message = FakeIntake.MESSAGES.get(messagesBefore);
        assertEquals("/api/v1/internal/requests/" + requestId + "/messages", message.get(0));
        assertEquals("reviewer", Tokens.claims(message.get(1).substring("Bearer ".length())).path("preferred_username").asText());
        assertTrue(message.get(2).contains("\"kind\":\"INFORMATION_REQUEST\"") && message.get(2).contains("Please send an ID."),
                message.get(2));
        assertEquals(UUID.fromString(message.get(3)), requested.messageId(), "the event names the stored message");
        assertTrue(!requested.toString().contains("Please send an ID."), "no free text in the event");

        // Asked already: a second request is refused and stores no message.
        int stored = FakeIntake.MESSAGES.size();
        as("reviewer").contentType(ContentType.JSON)
                .body("{\"reasonCodes\":[\"OTHER\"],\"message\":\"again\",\"version\":" + version(caseId) + "}")
                .when().post("/api/v1/cases/{id}/information-request", caseId).then().statusCode(409);
        assertEquals(stored, FakeIntake.MESSAGES.size());
        // The case has left the queue of cases to decide.
        assertTrue(!as("reviewer").queryParam("datasetId", "info").queryParam("limit", 1000).when().get("/api/v1/cases")
                .then().extract().jsonPath().getList("id").contains(caseId));

        // Let the clock stand still for a measurable time, as the claimant would (their answer comes an hour later).
        shiftPause(caseId, Duration.ofHours(1));
        UUID replyId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new InformationProvided(UUID.randomUUID(), Instant.now(), requestId, replyId));
        }
        await().atMost(WAIT).until(() -> "OPEN".equals(read(caseId).getString("status")));
        JsonPath now = read(caseId);
        Instant dueAfter = Instant.parse(now.getString("dueAt"));
        Duration moved = Duration.between(dueBefore, dueAfter);
        assertTrue(moved.compareTo(Duration.ofHours(1)) >= 0 && moved.compareTo(Duration.ofHours(1).plusMinutes(5)) < 0,
                "deadline moved by the paused time: " + moved);
        assertEquals(replyId.toString(), now.getString("informationReplyId"));
        assertNull(now.get("pausedAt"));

        as("reviewer").when().get("/api/v1/cases/{id}/replies/{replyId}", caseId, replyId)
                .then().statusCode(200).body("text", equalTo(FakeIntake.replyText(replyId.toString())));
        as("reviewer").when().get("/api/v1/cases/{id}/replies/{replyId}", caseId, UUID.randomUUID()).then().statusCode(404);
        List<String> actions = auditActions(caseId);
        assertTrue(actions.containsAll(List.of("INFORMATION_REQUESTED", "INFORMATION_PROVIDED", "REPLY_VIEWED")), actions.toString());
    }

    @Test
    void whenIntakeCannotStoreTheMessageNothingChanges() {
        UUID requestId = openCase("info-down", ClaimType.COPYRIGHT);
        String caseId = Cases.awaitCase(requestId);
        long v = version(caseId);
        FakeIntake.failMessages = true;
        as("reviewer").contentType(ContentType.JSON).body("{\"reasonCodes\":[\"OTHER\"],\"message\":\"hello\",\"version\":" + v + "}")
                .when().post("/api/v1/cases/{id}/information-request", caseId)
                .then().statusCode(503).contentType("application/problem+json").body("detail", containsString("nothing was changed"));
        JsonPath after = read(caseId);
        assertEquals("OPEN", after.getString("status"));
        assertEquals(v, after.getLong("version"));
    }

    @Test
    void badInformationRequestsAreRefusedNamingTheField() {
        String caseId = Cases.awaitCase(openCase("info-bad", ClaimType.COPYRIGHT));
        long v = version(caseId);
        as("reviewer").contentType(ContentType.JSON).body("{\"reasonCodes\":[\"BECAUSE\"],\"version\":" + v + "}")
                .when().post("/api/v1/cases/{id}/information-request", caseId)
                .then().statusCode(400).body("errors.field", hasItem("reasonCodes"));
        as("reviewer").contentType(ContentType.JSON).body("{\"reasonCodes\":[\"OTHER\"]}")
                .when().post("/api/v1/cases/{id}/information-request", caseId)
                .then().statusCode(400).body("errors.field", hasItem("version"));
        as("reviewer").contentType(ContentType.JSON)
                .body("{\"reasonCodes\":[\"OTHER\"],\"message\":\"" + "x".repeat(5001) + "\",\"version\":" + v + "}")
                .when().post("/api/v1/cases/{id}/information-request", caseId)
                .then().statusCode(400).body("errors.field", hasItem("message"));
        assertEquals("OPEN", read(caseId).getString("status"));
    }

    @Test
    void theDeadlineIsExtendedOnceByUpToTwoMonthsWithinTheFirstMonth() {
        UUID requestId = openCase("extend", ClaimType.COPYRIGHT);
        String caseId = Cases.awaitCase(requestId);
        Instant received = Instant.parse(read(caseId).getString("receivedAt"));
        DeadlineExtended extended;
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DEADLINE_EXTENDED)) {
            as("reviewer").contentType(ContentType.JSON)
                    .body("{\"reasonCode\":\"COMPLEXITY\",\"months\":2,\"message\":\"We need more time.\",\"version\":"
                            + version(caseId) + "}")
                    .when().post("/api/v1/cases/{id}/deadline-extension", caseId).then().statusCode(200)
                    .body("extensionReason", equalTo("COMPLEXITY"));
            extended = EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(), DeadlineExtended.class);
        }
        Instant expected = received.atOffset(ZoneOffset.UTC).plusMonths(3).toInstant();
        assertEquals(expected, extended.newDeadline());
        assertEquals(2, extended.months(), "intake extends its clock by the same months");
        assertEquals(expected, Instant.parse(read(caseId).getString("dueAt")));
        assertEquals("COMPLEXITY", extended.reasonCode());
        assertNotNull(extended.messageId());
        assertTrue(FakeIntake.MESSAGES.stream().anyMatch(m -> m.get(3).equals(extended.messageId().toString())
                && m.get(2).contains("DEADLINE_EXTENSION")));

        as("reviewer").contentType(ContentType.JSON).body("{\"reasonCode\":\"OTHER\",\"version\":" + version(caseId) + "}")
                .when().post("/api/v1/cases/{id}/deadline-extension", caseId)
                .then().statusCode(409).body("type", containsString("deadline-already-extended"));
        as("reviewer").contentType(ContentType.JSON).body("{\"reasonCode\":\"COMPLEXITY\",\"months\":3,\"version\":"
                + version(caseId) + "}").when().post("/api/v1/cases/{id}/deadline-extension", caseId).then().statusCode(400);

        // A case received more than a month ago can no longer be extended.
        String old = Cases.awaitCase(openCase("extend-late", ClaimType.COPYRIGHT));
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("update review_case set received_at = now() - interval '40 days' where id = cast(:id as uuid)")
                .setParameter("id", old).executeUpdate());
        as("reviewer").contentType(ContentType.JSON).body("{\"reasonCode\":\"COMPLEXITY\",\"version\":" + version(old) + "}")
                .when().post("/api/v1/cases/{id}/deadline-extension", old)
                .then().statusCode(409).body("type", containsString("extension-too-late"));
        assertNull(read(old).get("extendedAt"));
    }

    @Test
    void aDeniedCaseIsAppealedOnceAndTheReviewerWhoDeniedItCannotDecideTheAppeal() {
        UUID requestId = openCase("appeal", ClaimType.COPYRIGHT);
        String caseId = Cases.awaitCase(requestId);
        int before = FakeIntake.MESSAGES.size();
        as("reviewer").contentType(ContentType.JSON)
                .body("{\"decision\":\"DENY\",\"reasonCode\":\"INSUFFICIENT_EVIDENCE\",\"message\":\"Not enough.\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200).body("outcome", equalTo("DENIED"));
        assertTrue(FakeIntake.MESSAGES.get(before).get(2).contains("\"kind\":\"DENIAL\""), FakeIntake.MESSAGES.get(before).get(2));

        UUID grounds = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new AppealFiled(UUID.randomUUID(), Instant.now(), requestId, grounds));
        }
        await().atMost(WAIT).until(() -> read(caseId).getBoolean("appeal"));
        JsonPath appeal = read(caseId);
        assertEquals("OPEN", appeal.getString("status"));
        assertNull(appeal.get("assignee"));
        assertEquals("reviewer", appeal.getString("deniedBy"));
        assertEquals(grounds.toString(), appeal.getString("appealReplyId"));

        as("reviewer").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId)
                .then().statusCode(403).body("type", containsString("appeal-other-reviewer"));
        as("senior").contentType(ContentType.JSON).body("{\"assignee\":\"reviewer\",\"version\":" + version(caseId) + "}")
                .when().put("/api/v1/cases/{id}/assignee", caseId).then().statusCode(403);
        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            as("reviewer2").contentType(ContentType.JSON).body("{\"decision\":\"DENY\",\"reasonCode\":\"NOT_A_MATCH\"}")
                    .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);
            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId)
                    .and(r -> r.value().contains("NOT_A_MATCH")), WAIT).value(), ReviewDecided.class);
            assertEquals(ReviewOutcome.DENIED, event.outcome());
        }

        // One appeal per case: a second one changes nothing.
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new AppealFiled(UUID.randomUUID(), Instant.now(), requestId, UUID.randomUUID()));
            sender.send(new RequestWithdrawn(UUID.randomUUID(), Instant.now(), requestId));
        }
        // The withdrawal sent after the appeal is audited; once it is, the appeal before it was handled too.
        await().atMost(WAIT).until(() -> auditActions(caseId).contains("REQUEST_WITHDRAWN"));
        JsonPath after = read(caseId);
        assertEquals("DECIDED", after.getString("status"));
        assertEquals(grounds.toString(), after.getString("appealReplyId"));
        assertEquals(1, auditActions(caseId).stream().filter("APPEAL_FILED"::equals).count());
    }

    @Test
    void anAdminReversesAnApprovalWithTheApprovedItemsAndReviewersMayNot() {
        UUID requestId = openCase("reverse", ClaimType.COPYRIGHT);
        String caseId = Cases.awaitCase(requestId);
        as("reviewer").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\",\"itemIds\":[\"w-2\"]}")
                .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);
        long v = version(caseId);
        String body = "{\"reasonCode\":\"DECISION_ERROR\",\"message\":\"We made a mistake.\",\"version\":" + v + "}";
        as("reviewer").contentType(ContentType.JSON).body(body).when().post("/api/v1/cases/{id}/reversal", caseId)
                .then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/cases/{id}/reversal", caseId).then().statusCode(401);
        as("admin").contentType(ContentType.JSON).body("{\"reasonCode\":\"SOMETHING\",\"version\":" + v + "}")
                .when().post("/api/v1/cases/{id}/reversal", caseId).then().statusCode(400).body("errors.field", hasItem("reasonCode"));

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REVIEWS_REVERSED)) {
            as("admin").contentType(ContentType.JSON).body(body).when().post("/api/v1/cases/{id}/reversal", caseId)
                    .then().statusCode(200).body("status", equalTo("REVERSED"));
            DecisionReversed reversed = EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(),
                    DecisionReversed.class);
            assertEquals(List.of(new RemovalItem("w-2", "https://w.example/2.jpg")), reversed.reversedItems());
            assertEquals("DECISION_ERROR", reversed.reasonCode());
        }
        // Reversed is final: not again, and no decision any more.
        as("admin").contentType(ContentType.JSON).body("{\"reasonCode\":\"OTHER\",\"version\":" + version(caseId) + "}")
                .when().post("/api/v1/cases/{id}/reversal", caseId).then().statusCode(409);
        assertTrue(FakeIntake.MESSAGES.stream().anyMatch(m -> m.get(2).contains("REVERSAL") && m.get(0).contains(requestId.toString())));
        assertTrue(auditActions(caseId).contains("DECISION_REVERSED"));
    }

    @Test
    void aWithdrawnCaseIsClosedAndEveryDecisionIsRefusedClearly() {
        UUID requestId = openCase("withdraw", ClaimType.COPYRIGHT);
        String caseId = Cases.awaitCase(requestId);
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestWithdrawn(UUID.randomUUID(), Instant.now(), requestId));
        }
        await().atMost(WAIT).until(() -> "WITHDRAWN".equals(read(caseId).getString("status")));
        as("reviewer").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId)
                .then().statusCode(409).body("type", containsString("case-withdrawn")).body("detail", containsString("withdrew"));
        as("reviewer").contentType(ContentType.JSON).body("{\"assignee\":\"reviewer\",\"version\":" + version(caseId) + "}")
                .when().put("/api/v1/cases/{id}/assignee", caseId).then().statusCode(409);
        assertTrue(as("reviewer").queryParam("status", "WITHDRAWN").queryParam("datasetId", "withdraw").when().get("/api/v1/cases")
                .then().statusCode(200).extract().jsonPath().getList("id").contains(caseId));
    }

    @Test
    void aWithdrawalThatOvertakesTheMatchesMeansNoCaseIsOpened() {
        UUID withdrawnEarly = UUID.randomUUID();
        UUID marker = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestWithdrawn(UUID.randomUUID(), Instant.now(), withdrawnEarly));
            await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(() -> !entityManager
                    .createNativeQuery("select 1 from withdrawn_request where request_id = cast(:id as uuid)")
                    .setParameter("id", withdrawnEarly.toString()).getResultList().isEmpty()));
            // Same partition, in this order: once the marker's case exists, the withdrawn request's matches were handled.
            sender.send(matches(withdrawnEarly, "early-withdrawal"), 0);
            sender.send(matches(marker, "early-withdrawal"), 0);
        }
        Cases.awaitCase(marker);
        assertTrue(as("reviewer").queryParam("requestId", withdrawnEarly).when().get("/api/v1/cases")
                .then().statusCode(200).extract().jsonPath().getList("id").isEmpty(), "a case was opened for a withdrawn request");
    }

    @Test
    void aVendorsDisputeFlagsTheCaseOtherAcknowledgementsDoNot() {
        UUID requestId = openCase("dispute", ClaimType.COPYRIGHT);
        String caseId = Cases.awaitCase(requestId);
        UUID other = openCase("dispute", ClaimType.COPYRIGHT);
        String otherCase = Cases.awaitCase(other);
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new NoticeAcknowledged(UUID.randomUUID(), Instant.now(), other, UUID.randomUUID(), "acme", "ACKNOWLEDGED"));
            sender.send(new NoticeAcknowledged(UUID.randomUUID(), Instant.now(), requestId, UUID.randomUUID(), "acme", "DISPUTED",
                    "NOT_IN_DATASET"));
        }
        await().atMost(WAIT).until(() -> "acme".equals(read(caseId).getString("disputedBy")));
        assertEquals("NOT_IN_DATASET", read(caseId).getString("disputeReason"));
        List<String> disputed = as("reviewer").queryParam("disputed", true).queryParam("datasetId", "dispute")
                .queryParam("limit", 1000).when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath().getList("id");
        assertTrue(disputed.contains(caseId));
        assertTrue(!disputed.contains(otherCase));
        assertNull(read(otherCase).get("disputedBy"));
        String reason = as("admin").queryParam("caseId", caseId).when().get("/api/v1/admin/audit").then().extract().jsonPath()
                .getString("find { it.action == 'DISPUTE_RECEIVED' }.reason");
        assertTrue(reason.startsWith("disputed by acme: NOT_IN_DATASET"), reason);
    }

    @Test
    void newEndpointsNeedATokenAndTheRightRole() {
        String caseId = UUID.randomUUID().toString();
        String json = "{\"reasonCodes\":[\"OTHER\"],\"reasonCode\":\"OTHER\",\"assignee\":\"x\",\"version\":0}";
        for (String path : List.of("information-request", "deadline-extension", "reversal")) {
            given().contentType(ContentType.JSON).body(json).when().post("/api/v1/cases/{id}/" + path, caseId).then().statusCode(401);
            given().auth().oauth2(Tokens.shared().vendor("acme")).contentType(ContentType.JSON).body(json)
                    .when().post("/api/v1/cases/{id}/" + path, caseId).then().statusCode(403);
        }
        // Deciding things is for reviewers; admins reverse.
        as("admin").contentType(ContentType.JSON).body(json).when().post("/api/v1/cases/{id}/information-request", caseId)
                .then().statusCode(403);
        as("admin").contentType(ContentType.JSON).body(json).when().post("/api/v1/cases/{id}/deadline-extension", caseId)
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body(json).when().put("/api/v1/cases/{id}/assignee", caseId).then().statusCode(401);
        given().auth().oauth2(Tokens.shared().service("intake")).contentType(ContentType.JSON).body(json)
                .when().put("/api/v1/cases/{id}/assignee", caseId).then().statusCode(403);
        given().queryParam("version", 0).when().delete("/api/v1/cases/{id}/assignee", caseId).then().statusCode(401);
        given().auth().oauth2(Tokens.shared().vendor("acme")).queryParam("version", 0).when().delete("/api/v1/cases/{id}/assignee", caseId)
                .then().statusCode(403);
        given().when().get("/api/v1/cases/counts").then().statusCode(401);
        given().auth().oauth2(Tokens.shared().vendor("acme")).when().get("/api/v1/cases/counts").then().statusCode(403);
        given().when().get("/api/v1/cases/{id}/replies/{r}", caseId, UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2(Tokens.shared().service("intake")).when().get("/api/v1/cases/{id}/replies/{r}", caseId, UUID.randomUUID())
                .then().statusCode(403);
    }

    /** As if the clock had been standing still for {@code by} longer. */
    private void shiftPause(String caseId, Duration by) {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("update review_case set paused_at = paused_at - cast(:by as interval) where id = cast(:id as uuid)")
                .setParameter("by", by.toSeconds() + " seconds").setParameter("id", caseId).executeUpdate());
    }

    private UUID openCase(String dataset, ClaimType type) {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(matches(requestId, dataset, type));
        }
        return requestId;
    }

    private static MatchesFound matches(UUID requestId, String dataset) {
        return matches(requestId, dataset, ClaimType.COPYRIGHT);
    }

    private static MatchesFound matches(UUID requestId, String dataset, ClaimType type) {
        return new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, type, dataset, "2026-11",
                List.of(new MatchCandidate("w-1", "https://w.example/1.jpg", "one", List.of("EXACT_URL"), 1.0),
                        new MatchCandidate("w-2", "https://w.example/2.jpg", "two", List.of("DOMAIN"), 0.7)),
                2);
    }
}
