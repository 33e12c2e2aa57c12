package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * Matching reads a request's free-text queries (personal data, never in events) with its service
 * token; each read is logged; a withdrawn request's queries are gone, and other callers are refused.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class TextQueriesIT {

    private final Tokens tokens = Tokens.shared();

    @Test
    void matchingReadsTheQueriesInTheClaimantsOrderAndTheReadIsLogged() {
        Claimants.Receipt receipt = submit("Erika Mustermann", "Erika M. at the beach");

        List<Map<String, Object>> queries = given().auth().oauth2(tokens.service("matching"))
                .header("X-Takedown-Purpose", "caption search")
                .get("/api/v1/internal/requests/{id}/text-queries", receipt.id())
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of(Map.of("position", 0, "text", "Erika Mustermann"),
                Map.of("position", 1, "text", "Erika M. at the beach")), queries);

        List<Map<String, Object>> log = given().auth().oauth2(tokens.user("admin")).queryParam("requestId", receipt.id())
                .get("/api/v1/admin/evidence-access").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, log.size(), log.toString());
        assertEquals("TEXT_QUERIES_READ", log.get(0).get("action"));
        assertEquals("caption search", log.get(0).get("purpose"));
    }

    @Test
    void aWithdrawnRequestsQueriesAreGoneAndAnUnknownRequestIsNotFound() {
        Claimants.Receipt receipt = submit("Wanda Withdrawn");
        given().header("X-Claimant-Token", receipt.token()).header("X-Forwarded-For", Claimants.randomAddress())
                .when().post("/api/v1/requests/{id}/withdrawal", receipt.id()).then().statusCode(200);

        given().auth().oauth2(tokens.service("matching")).header("X-Takedown-Purpose", "caption search")
                .get("/api/v1/internal/requests/{id}/text-queries", receipt.id())
                .then().statusCode(410).contentType("application/problem+json");
        given().auth().oauth2(tokens.service("matching")).header("X-Takedown-Purpose", "caption search")
                .get("/api/v1/internal/requests/{id}/text-queries", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void vendorsAndAnonymousCallersAreRefused() {
        Claimants.Receipt receipt = submit("Vera Vendorproof");
        given().auth().oauth2(tokens.vendor("acme")).get("/api/v1/internal/requests/{id}/text-queries", receipt.id())
                .then().statusCode(403);
        given().get("/api/v1/internal/requests/{id}/text-queries", receipt.id()).then().statusCode(401);
    }

    private static Claimants.Receipt submit(String... textQueries) {
        String queries = String.join(",", java.util.Arrays.stream(textQueries).map(q -> "\"" + q + "\"").toList());
        String request = """
                {"claimType":"LIKENESS","claimant":{"email":"tq-%s@example.org","name":"Erika Mustermann"},
                 "textQueries":[%s],"statements":{"noConsentStatement":true,"jurisdiction":"DE"}}"""
                .formatted(UUID.randomUUID(), queries);
        var receipt = given().header("X-Forwarded-For", Claimants.randomAddress()).contentType("application/json")
                .body(request.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
        return new Claimants.Receipt(UUID.fromString(receipt.getString("id")), receipt.getString("accessToken"));
    }
}
