package org.takedown.review;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.RemovalItem;
import org.takedown.events.RequestVerified;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
class ReviewFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** A reviewer of the demo realm, with a real token. */
    static RequestSpecification asReviewer() {
        return given().auth().oauth2(Tokens.shared().user("reviewer"));
    }

    @Test
    void approvingSomeCandidatesPublishesAPartialApprovalWithExactlyThoseItems() {
        UUID requestId = openCase();
        String caseId = Cases.awaitCase(requestId);

        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\",\"itemIds\":[\"i-1\"]}")
                    .when().post("/api/v1/cases/{id}/decision", caseId)
                    .then().statusCode(200).body("status", equalTo("DECIDED")).body("outcome", equalTo("PARTIALLY_APPROVED"));

            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(),
                    ReviewDecided.class);
            assertEquals(ReviewOutcome.PARTIALLY_APPROVED, event.outcome());
            assertEquals(List.of(new RemovalItem("i-1", "https://a.example/1.jpg")), event.approvedItems());
            assertEquals("demo", event.datasetId());
        }
    }

    @Test
    void anApprovedItemCarriesItsPdqHashOnToTheDecision() {
        UUID requestId = UUID.randomUUID();
        String pdq = "f".repeat(32) + "0".repeat(32);
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT, "demo", "2026-11",
                    List.of(new MatchCandidate("i-5", "https://a.example/5.jpg", "five", List.of("PDQ"), 0.9, List.of(), pdq),
                            new MatchCandidate("i-6", "https://a.example/6.jpg", "six", List.of("EXACT_URL"), 1.0)), 2));
        }
        String caseId = Cases.awaitCase(requestId);

        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                    .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);

            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(),
                    ReviewDecided.class);
            assertEquals(java.util.Set.of(new RemovalItem("i-5", "https://a.example/5.jpg", pdq),
                    new RemovalItem("i-6", "https://a.example/6.jpg", null)), java.util.Set.copyOf(event.approvedItems()));
        }
    }

    @Test
    void aCaseAcrossTwoReleasesKeepsTheSameItemIdInEachAndTheDecisionPassesTheirReleasesOn() {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT, MatchesFound.SEVERAL,
                    MatchesFound.SEVERAL, List.of(
                            new MatchCandidate("a-1", "https://a.example/1.jpg", "one", List.of("EXACT_URL"), 1.0, List.of(), null,
                                    "demo-a", "2026-11"),
                            new MatchCandidate("a-1", "https://a.example/1.jpg", "one", List.of("EXACT_URL"), 1.0, List.of(), null,
                                    "demo-a", "2026-12"),
                            new MatchCandidate("b-1", "https://a.example/1.jpg", "one", List.of("EXACT_URL"), 1.0, List.of(), null,
                                    "demo-b", "2026-11")), 3));
        }
        String caseId = Cases.awaitCase(requestId);
        io.restassured.path.json.JsonPath view = asReviewer().when().get("/api/v1/cases/{id}", caseId).then().statusCode(200)
                .extract().jsonPath();
        List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < view.getList("candidates").size(); i++) {
            shown.add(view.getString("candidates[" + i + "].datasetId") + "/" + view.getString("candidates[" + i + "].releaseId")
                    + "/" + view.getString("candidates[" + i + "].itemId"));
        }
        assertEquals(List.of("demo-a/2026-11/a-1", "demo-a/2026-12/a-1", "demo-b/2026-11/b-1"), shown.stream().sorted().toList());

        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                    .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);
            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(),
                    ReviewDecided.class);
            assertEquals(java.util.Set.of(new RemovalItem("a-1", "https://a.example/1.jpg", null, "demo-a", "2026-11"),
                    new RemovalItem("a-1", "https://a.example/1.jpg", null, "demo-a", "2026-12"),
                    new RemovalItem("b-1", "https://a.example/1.jpg", null, "demo-b", "2026-11")),
                    java.util.Set.copyOf(event.approvedItems()));
        }
    }

    @Test
    void reviewersSeeWhyEachSignalHitWithItsRawScore() {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT, "demo", "2026-11",
                    List.of(new MatchCandidate("i-7", "https://a.example/7.jpg", "seven", List.of("PDQ", "EXACT_URL"), 0.81,
                                    List.of(new org.takedown.events.SignalScore("PDQ", 12.0, "evidence image 1, rotated 90°"))),
                            new MatchCandidate("i-8", "https://a.example/8.jpg", "eight", List.of("DOMAIN"), 0.7)), 2));
        }
        String caseId = Cases.awaitCase(requestId);

        io.restassured.path.json.JsonPath view = asReviewer().when().get("/api/v1/cases/{id}", caseId).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("PDQ 12: evidence image 1, rotated 90°"), view.getList("candidates.find { it.itemId == 'i-7' }.explanations"));
        assertEquals(List.of(), view.getList("candidates.find { it.itemId == 'i-8' }.explanations"));
    }

    @Test
    void reviewersSeeVerificationsRiskScoreAndFlags() {
        UUID requestId = openCase();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestVerified(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT,
                    List.of("https://a.example/1.jpg"), List.of(), 0, 0, 40, List.of("MANY_TARGETS", "HIGH_REQUEST_RATE")));
        }
        String caseId = Cases.awaitCase(requestId);

        long deadline = System.nanoTime() + WAIT.toNanos();
        io.restassured.path.json.JsonPath view;
        do {
            view = asReviewer().when().get("/api/v1/cases/{id}", caseId).then().statusCode(200).extract().jsonPath();
        } while (view.get("riskScore") == null && System.nanoTime() < deadline);
        assertEquals(40, view.getInt("riskScore"));
        assertEquals(List.of("MANY_TARGETS", "HIGH_REQUEST_RATE"), view.getList("riskFlags"));
    }

    @Test
    void secondDecisionOnADecidedCaseIsAConflict() {
        String caseId = Cases.awaitCase(openCase());
        asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"DENY\",\"reasonCode\":\"NOT_THE_CLAIMANT\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);

        asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId)
                .then().statusCode(409).contentType("application/problem+json");
        asReviewer().when().get("/api/v1/cases/{id}", caseId).then().body("outcome", equalTo("DENIED"));
    }

    @Test
    void approvingAnItemThatIsNoCandidateIsRefusedAndChangesNothing() {
        String caseId = Cases.awaitCase(openCase());

        asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\",\"itemIds\":[\"i-1\",\"not-a-candidate\"]}")
                .when().post("/api/v1/cases/{id}/decision", caseId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("itemIds")).body("detail", containsString("not-a-candidate"));
        asReviewer().when().get("/api/v1/cases/{id}", caseId).then().body("status", equalTo("OPEN"));
    }

    @Test
    void staleVersionIsRefused() {
        String caseId = Cases.awaitCase(openCase());

        asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\",\"version\":41}")
                .when().post("/api/v1/cases/{id}/decision", caseId)
                .then().statusCode(409).body("type", containsString("case-changed"));
    }

    @Test
    void denialWithoutReasonIsRefused() {
        String caseId = Cases.awaitCase(openCase());

        asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"DENY\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId)
                .then().statusCode(400).body("errors.field", hasItem("reasonCode"));
    }

    @Test
    void unknownDecisionIsAProblemNamingTheField() {
        String caseId = Cases.awaitCase(openCase());

        asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"MAYBE\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId)
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("decision"));
    }

    private UUID openCase() {
        UUID requestId = UUID.randomUUID();
        MatchesFound matches = new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT, "demo",
                "2026-11", List.of(
                        new MatchCandidate("i-1", "https://a.example/1.jpg", "one", List.of("EXACT_URL"), 1.0),
                        new MatchCandidate("i-2", "https://a.example/2.jpg", "two", List.of("DOMAIN"), 0.9)), 2);
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(matches);
        }
        return requestId;
    }
}
