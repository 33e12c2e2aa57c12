package org.takedown.review;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** Who may do what in review, with real Keycloak tokens, and what the audit log keeps of it. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
class AccessAndAuditIT {


    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    private final Tokens tokens = Tokens.shared();

    @Test
    void decisionsAndViewsAreAuditedWithWhoWhatWhenAndWhy() {
        Instant before = Instant.now();
        UUID requestId = openCase();
        String caseId = Cases.awaitCase(requestId);
        given().auth().oauth2(tokens.user("senior")).contentType(ContentType.JSON)
                .body("{\"decision\":\"DENY\",\"reasonCode\":\"NOT_THE_CLAIMANT\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);

        JsonPath audit = given().auth().oauth2(tokens.user("admin")).queryParam("caseId", caseId)
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> entries = audit.getList("$");
        Map<String, Object> decision = entries.get(0);
        assertEquals("DECISION_MADE", decision.get("action"));
        assertEquals("senior", decision.get("actor"));
        assertEquals(List.of("reviewer", "senior-reviewer"), decision.get("actorRoles"));
        assertEquals(requestId.toString(), decision.get("requestId"));
        assertEquals("DENIED: NOT_THE_CLAIMANT", decision.get("reason"));
        assertTrue(Instant.parse((String) decision.get("occurredAt")).isAfter(before.minusSeconds(1)));
        assertTrue(entries.stream().anyMatch(e -> "CASE_VIEWED".equals(e.get("action")) && "reviewer".equals(e.get("actor"))),
                entries.toString());
    }

    @Test
    void theAuditLogCannotBeRewritten() {
        UUID requestId = openCase();
        String caseId = Cases.awaitCase(requestId);
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from audit_log where case_id = cast(:id as uuid)")
                .setParameter("id", caseId).getSingleResult()).longValue());
        assertTrue(rows > 0, "viewing the case left no audit line");

        assertThrows(PersistenceException.class, () -> QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("update audit_log set actor = 'nobody' where case_id = cast(:id as uuid)")
                .setParameter("id", caseId).executeUpdate()));
        assertThrows(PersistenceException.class, () -> QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("delete from audit_log where case_id = cast(:id as uuid)")
                .setParameter("id", caseId).executeUpdate()));
    }

    @Test
    void missingAndBadTokensGetTheSame401WithoutDetails() {
        String body = given().when().get("/api/v1/cases").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"))
                .extract().asString();
        for (String token : List.of(tokens.expired(), Tokens.tampered(tokens.user("reviewer")), tokens.withoutAudience(),
                tokens.fromOtherIssuer(), "not-a-jwt")) {
            given().auth().oauth2(token).when().get("/api/v1/cases").then().statusCode(401)
                    .contentType("application/problem+json").body(equalTo(body));
        }
        assertTrue(!body.contains("Exception") && !body.contains("at org."), body);
    }

    @Test
    void wrongRolesGet403() {
        given().auth().oauth2(tokens.vendor("acme")).when().get("/api/v1/cases").then().statusCode(403)
                .contentType("application/problem+json").body("detail", not(containsString("reviewer")));
        given().auth().oauth2(tokens.service("propagation")).when().get("/api/v1/cases").then().statusCode(403);
        given().auth().oauth2(tokens.user("reviewer")).when().get("/api/v1/admin/audit").then().statusCode(403);
        // Admins run the system; deciding cases is for reviewers.
        given().auth().oauth2(tokens.user("admin")).contentType(ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", UUID.randomUUID()).then().statusCode(403);
    }

    private UUID openCase() {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT, "demo", "2026-11",
                    List.of(new MatchCandidate("i-1", "https://a.example/1.jpg", "one", List.of("EXACT_URL"), 1.0)), 1));
        }
        return requestId;
    }

}
