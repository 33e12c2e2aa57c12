package org.takedown.review.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The console logs people in through Keycloak (redirect), while the API stays bearer-only (401, never a
 * redirect), and
 * console forms need a session. The login itself is in ConsoleBrowserIT.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
class ConsoleAccessIT {

    @Test
    void consoleWithoutSessionRedirectsToKeycloakLoginWithPkce() {
        given().redirects().follow(false).when().get("/console")
                .then().statusCode(302)
                .header("Location", containsString("/realms/takedown/protocol/openid-connect/auth"))
                .header("Location", containsString("client_id=takedown-console"))
                .header("Location", containsString("code_challenge_method=S256"));
    }

    @Test
    void consoleDoesNotTakeBearerTokensItWantsABrowserSession() {
        given().redirects().follow(false).auth().oauth2(Tokens.shared().user("reviewer"))
                .when().get("/console/cases/{id}", UUID.randomUUID())
                .then().statusCode(302).header("Location", containsString("client_id=takedown-console"));
    }

    @Test
    void apiWithoutTokenStillGets401ProblemNotARedirect() {
        given().redirects().follow(false).when().get("/api/v1/cases")
                .then().statusCode(401).contentType("application/problem+json");
        given().redirects().follow(false).contentType("application/json").body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", UUID.randomUUID())
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void apiJsonDecisionsAreNotSubjectToTheFormsCsrfCheck() {
        given().auth().oauth2(Tokens.shared().user("reviewer")).contentType("application/json")
                .body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", UUID.randomUUID())
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    @Test
    void consoleFormsWithoutSessionGoToLoginAndDecideNothing() {
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("version", "0")
                .formParam("item", "i-1")
                .when().post("/console/cases/{id}/approve", UUID.randomUUID())
                .then().statusCode(302).header("Location", containsString("client_id=takedown-console"));
    }

    @Test
    void aFormPostedToTheApiGetsAProblemNeverAnEmptyBody() {
        given().redirects().follow(false).auth().oauth2(Tokens.shared().user("reviewer"))
                .contentType("application/x-www-form-urlencoded").formParam("decision", "APPROVE")
                .when().post("/api/v1/cases/{id}/decision", UUID.randomUUID())
                .then().statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                        .and(org.hamcrest.Matchers.lessThan(500)))
                .contentType(startsWith("application/problem+json"));
    }
}
