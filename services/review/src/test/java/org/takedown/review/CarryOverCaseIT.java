package org.takedown.review;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * Near copies of removed items in a newly activated release (ADR 017): a carry-over case linked to the request's own
 * case, with that case's decision shown; its decision names the release and leaves the request's case alone.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
class CarryOverCaseIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static RequestSpecification asReviewer() {
        return given().auth().oauth2(Tokens.shared().user("reviewer"));
    }

    @Test
    void nearCopiesOpenOneCaseLinkedToTheDecidedCaseAndItsDecisionNamesTheRelease() throws Exception {
        UUID requestId = UUID.randomUUID();
        String ownCase = decidedCase(requestId);
        RemovalsCarriedOver carried = RemovalsCarriedOver.of(requestId, "demo-a", "2026-12", Instant.now(),
                List.of(new RemovalItem("n-1", "https://a.example/1.jpg", null, "demo-a", "2026-12")),
                List.of(new RemovalsCarriedOver.NearDuplicate("n-3", "https://c.example/near.jpg", "ab".repeat(32), 7,
                        "i-3", "https://a.example/3.jpg", "2026-11")));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(carried);
            sender.send(carried); // redelivered
            sender.send(RemovalsCarriedOver.of(requestId, "demo-a", "2026-12", Instant.now(), List.of(),
                    carried.nearDuplicates())); // the same release announced again
            sender.send(marker(requestId, carried.nearDuplicates()));
        }
        // The marker's case comes after the three events of the same request (one key, in order): a wrong case
        // from the redelivery or the second announcement would be there by then.
        JsonPath cases = awaitCases(requestId, 3);
        assertEquals("2099-01", cases.getString("[2].releaseId"));
        assertEquals(ownCase, cases.getString("[0].id"));
        assertEquals("demo-a", cases.getString("[1].datasetId"));
        assertEquals("2026-12", cases.getString("[1].releaseId"));
        assertEquals("OPEN", cases.getString("[1].status"));
        assertEquals(List.of("n-3"), cases.getList("[1].candidates.itemId"));
        assertTrue(cases.getString("[1].candidates[0].explanations[0]").contains("near copy of removed item i-3"),
                cases.getString("[1].candidates[0].explanations"));
        assertEquals(ownCase, cases.getString("[1].originalDecision.caseId"));
        assertEquals("APPROVED", cases.getString("[1].originalDecision.outcome"));
        assertNull(cases.get("[0].originalDecision"));

        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                    .when().post("/api/v1/cases/{id}/decision", cases.getString("[1].id")).then().statusCode(200);
            // The request's own decision went out under the same key before.
            ReviewDecided event = EventCodec.read(decided.awaitRecord(r -> KafkaProbe.keyed(requestId).test(r)
                    && EventCodec.read(r.value(), ReviewDecided.class).carriedToRelease() != null, WAIT).value(),
                    ReviewDecided.class);
            assertEquals("2026-12", event.carriedToRelease());
            assertEquals(cases.getString("[1].id"), event.caseId().toString());
            assertEquals(List.of(new RemovalItem("n-3", "https://c.example/near.jpg", "ab".repeat(32))),
                    event.approvedItems());
        }
        asReviewer().when().get("/api/v1/cases/{id}", ownCase).then().statusCode(200)
                .body("status", equalTo("DECIDED"));
    }

    @Test
    void onlyTheSameItemsFoundAgainOpenNoCase() throws Exception {
        UUID requestId = UUID.randomUUID();
        decidedCase(requestId);
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(RemovalsCarriedOver.of(requestId, "demo-a", "2027-01", Instant.now(),
                    List.of(new RemovalItem("n-1", "https://a.example/1.jpg", null, "demo-a", "2027-01")), List.of()));
            sender.send(marker(requestId, List.of(new RemovalsCarriedOver.NearDuplicate("n-3", "https://c.example/near.jpg",
                    "ab".repeat(32), 7, "i-3", "https://a.example/3.jpg", "2026-11"))));
        }
        // Applied in order with the event before it: once the marker's case is there, 2027-01 opened none.
        JsonPath cases = awaitCases(requestId, 2);
        assertEquals("2099-01", cases.getString("[1].releaseId"), "only the same items found again opened a case");
    }

    /** Near copies in a release of its own, sent last: its case shows that what came before was applied. */
    private static RemovalsCarriedOver marker(UUID requestId, List<RemovalsCarriedOver.NearDuplicate> near) {
        return RemovalsCarriedOver.of(requestId, "demo-a", "2099-01", Instant.now(), List.of(), near);
    }

    /** Opens and approves the request's own case; returns its id. */
    private String decidedCase(UUID requestId) {
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT, "demo-a", "2026-11",
                    List.of(new MatchCandidate("i-3", "https://a.example/3.jpg", "three", List.of("EXACT_URL"), 1.0)), 1));
        }
        String caseId = Cases.awaitCase(requestId);
        asReviewer().contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);
        return caseId;
    }

    private static JsonPath awaitCases(UUID requestId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath found;
        do {
            found = asReviewer().queryParam("requestId", requestId).when().get("/api/v1/cases").then().statusCode(200)
                    .extract().jsonPath();
            if (found.getList("id").size() >= count) {
                break;
            }
            Thread.sleep(100); // polling interval
        } while (System.nanoTime() < deadline);
        assertEquals(count, found.getList("id").size(), "cases of " + requestId);
        return found;
    }
}
