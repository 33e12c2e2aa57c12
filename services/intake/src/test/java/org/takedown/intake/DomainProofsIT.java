package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.takedown.testing.KeycloakServer;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The status of a site opt-out says what to publish for each domain, as verification knows it;
 * intake asks with its own client-credentials token from the real Keycloak.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
@WithTestResource(FakeVerification.class)
class DomainProofsIT {

    @Test
    void siteOptOutStatusShowsTheProofsFetchedWithIntakesServiceToken() {
        JsonPath receipt = given().contentType("application/json").header("X-Forwarded-For", "198.51.100.71")
                .body("{\"claimType\":\"SITE_OPT_OUT\",\"claimant\":{\"email\":\"site@janedoe-art.example\"},"
                        + "\"domains\":[\"janedoe-art.example\"]}")
                .post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
        int callsBefore = FakeVerification.AUTHORIZATIONS.size();

        given().header("X-Claimant-Token", receipt.getString("accessToken")).header("X-Forwarded-For", "198.51.100.71")
                .get("/api/v1/requests/{id}", receipt.getString("id"))
                .then().statusCode(200)
                .body("domainProofs.available", equalTo(true))
                .body("domainProofs.proofs[0].domain", equalTo("janedoe-art.example"))
                .body("domainProofs.proofs[0].dnsRecord.name", equalTo("_takedown-verification.janedoe-art.example"));

        List<String> calls = new ArrayList<>(FakeVerification.AUTHORIZATIONS.subList(callsBefore, FakeVerification.AUTHORIZATIONS.size()));
        assertEquals(1, calls.size(), "one call to verification");
        assertTrue(calls.get(0).startsWith("Bearer "), calls.get(0));
        JsonNode claims = Tokens.claims(calls.get(0).substring("Bearer ".length()));
        assertEquals("takedown-intake", claims.path("azp").asText());
        assertTrue(claims.path("realm_access").path("roles").toString().contains("\"service\""), claims.toString());
        assertTrue(claims.path("aud").toString().contains(KeycloakServer.AUDIENCE), claims.toString());
    }

    @Test
    void theStatusPageShowsWhatToPublishAsAFileOrADnsRecord() {
        JsonPath receipt = given().contentType("application/json").header("X-Forwarded-For", "198.51.100.73")
                .body("{\"claimType\":\"SITE_OPT_OUT\",\"claimant\":{\"email\":\"page@janedoe-art.example\"},"
                        + "\"domains\":[\"janedoe-art.example\"]}")
                .post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
        String csrf = given().when().get("/submit").then().statusCode(200).extract().cookie("takedown-csrf");
        String page = given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf)
                .formParam("token", receipt.getString("accessToken")).header("X-Forwarded-For", "198.51.100.73")
                .when().post("/status/{id}", receipt.getString("id")).then().statusCode(200).extract().asString();
        assertTrue(page.contains("Show that the website is yours"), page);
        assertTrue(page.contains("<code>https://janedoe-art.example/.well-known/takedown-verification.txt</code>"), page);
        assertTrue(page.contains("<code>_takedown-verification.janedoe-art.example</code>"), page);
        assertTrue(page.contains("takedown-proof-123"), page);
        assertTrue(page.contains("waiting for your proof"), page);
    }

    @Test
    void requestsWithoutDomainsDoNotAskVerification() {
        JsonPath receipt = given().contentType("application/json").header("X-Forwarded-For", "198.51.100.72")
                .body("{\"claimType\":\"COPYRIGHT\",\"claimant\":{\"email\":\"a@example.org\"},\"imageUrls\":[\"https://a.example/x.jpg\"]}")
                .post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
        int callsBefore = FakeVerification.AUTHORIZATIONS.size();
        given().header("X-Claimant-Token", receipt.getString("accessToken")).header("X-Forwarded-For", "198.51.100.72")
                .get("/api/v1/requests/{id}", receipt.getString("id"))
                .then().statusCode(200).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("domainProofs")));
        assertEquals(callsBefore, FakeVerification.AUTHORIZATIONS.size());
    }
}
