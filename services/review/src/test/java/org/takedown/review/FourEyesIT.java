package org.takedown.review;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
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

/** Four eyes: a site opt-out (or a large approval) is proposed by one reviewer and confirmed by a senior. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
class FourEyesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.shared().user(user));
    }

    @Test
    void aSiteOptOutIsProposedThenConfirmedByASeniorAndOnlyThenPublished() {
        UUID requestId = openOptOut();
        String caseId = Cases.awaitCase(requestId);

        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            as("reviewer").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\",\"itemIds\":[\"s-1\"]}")
                    .when().post("/api/v1/cases/{id}/decision", caseId)
                    .then().statusCode(200).body("status", equalTo("PROPOSED")).body("outcome", equalTo(null));

            // Another plain reviewer cannot confirm it; a different selection is not a confirmation.
            as("reviewer2").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                    .when().post("/api/v1/cases/{id}/decision", caseId)
                    .then().statusCode(403).contentType("application/problem+json").body("type", containsString("four-eyes"));
            as("senior").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\",\"itemIds\":[\"s-1\",\"s-2\"]}")
                    .when().post("/api/v1/cases/{id}/decision", caseId)
                    .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("itemIds"));

            as("senior").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                    .when().post("/api/v1/cases/{id}/decision", caseId)
                    .then().statusCode(200).body("status", equalTo("DECIDED")).body("outcome", equalTo("PARTIALLY_APPROVED"));

            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(),
                    ReviewDecided.class);
            assertEquals(ReviewOutcome.PARTIALLY_APPROVED, event.outcome());
            assertEquals(List.of(new RemovalItem("s-1", "https://site.example/1.jpg")), event.approvedItems());
            assertEquals(1, decided.seen().stream().filter(KafkaProbe.keyed(requestId)).count(), "published once, on confirmation");
        }
        List<String> actions = as("admin").queryParam("caseId", caseId).when().get("/api/v1/admin/audit")
                .then().statusCode(200).extract().jsonPath().getList("action");
        List<String> actors = as("admin").queryParam("caseId", caseId).when().get("/api/v1/admin/audit")
                .then().extract().jsonPath().getList("actor");
        assertEquals("DECISION_MADE", actions.get(0));
        assertEquals("senior", actors.get(0));
        assertEquals(1, actions.stream().filter("DECISION_PROPOSED"::equals).count());
    }

    @Test
    void aSiteOptOutApprovedInFullCarriesTheRequestsDomainsAsScopes() {
        UUID requestId = openOptOut();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestVerified(UUID.randomUUID(), Instant.now(), requestId, ClaimType.SITE_OPT_OUT, List.of(),
                    List.of("site.example", "https://other.example/photos/"), 0, 0, 5, List.of()));
        }
        String caseId = Cases.awaitCase(requestId);
        awaitRisk(caseId);

        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            as("reviewer").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                    .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200).body("status", equalTo("PROPOSED"));
            as("senior").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                    .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200).body("outcome", equalTo("APPROVED"));

            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(),
                    ReviewDecided.class);
            assertEquals(List.of("site.example", "https://other.example/photos/"), event.scopes());
        }
    }

    @Test
    void aSiteOptOutApprovedInPartCarriesNoScopes() {
        UUID requestId = openOptOut();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new RequestVerified(UUID.randomUUID(), Instant.now(), requestId, ClaimType.SITE_OPT_OUT, List.of(),
                    List.of("site.example"), 0, 0, 5, List.of()));
        }
        String caseId = Cases.awaitCase(requestId);
        awaitRisk(caseId);

        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            as("reviewer").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\",\"itemIds\":[\"s-1\"]}")
                    .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);
            as("senior").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                    .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200)
                    .body("outcome", equalTo("PARTIALLY_APPROVED"));

            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(),
                    ReviewDecided.class);
            assertEquals(List.of(), event.scopes());
        }
    }

    private static void awaitRisk(String caseId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (as("reviewer").when().get("/api/v1/cases/{id}", caseId).then().statusCode(200).extract().jsonPath()
                .get("riskScore") == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the verified event never reached case " + caseId);
            }
        }
    }

    @Test
    void aSeniorCannotConfirmTheirOwnProposal() {
        String caseId = Cases.awaitCase(openOptOut());
        as("senior").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200).body("status", equalTo("PROPOSED"));

        as("senior").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId)
                .then().statusCode(409).body("type", containsString("four-eyes-own-proposal"));
        as("reviewer").when().get("/api/v1/cases/{id}", caseId).then().body("status", equalTo("PROPOSED"));
    }

    @Test
    void aSeniorMayTurnAProposalIntoADenial() {
        String caseId = Cases.awaitCase(openOptOut());
        as("reviewer").contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);

        as("senior").contentType(ContentType.JSON).body("{\"decision\":\"DENY\",\"reasonCode\":\"NOT_THE_CLAIMANT\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId)
                .then().statusCode(200).body("outcome", equalTo("DENIED"));
    }

    private UUID openOptOut() {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.SITE_OPT_OUT, "demo", "2026-11",
                    List.of(new MatchCandidate("s-1", "https://site.example/1.jpg", "one", List.of("DOMAIN"), 1.0),
                            new MatchCandidate("s-2", "https://site.example/2.jpg", "two", List.of("DOMAIN"), 1.0)),
                    2));
        }
        return requestId;
    }

}
