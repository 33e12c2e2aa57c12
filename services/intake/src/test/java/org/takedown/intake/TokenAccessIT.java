package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The capability token: rotation, and limits on guessing it. Each test names its own client
 * addresses (X-Forwarded-For, honoured in the test profile) so that tests do not share counters.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class TokenAccessIT {

    private static final int MAX_FAILURES = 10;

    @Test
    void rotationHandsOutANewTokenAndTheOldOneStopsWorking() {
        Receipt receipt = submit();
        String address = randomAddress();

        JsonPath rotated = given().header("X-Claimant-Token", receipt.token()).header("X-Forwarded-For", address)
                .when().post("/api/v1/requests/{id}/token/rotate", receipt.id())
                .then().statusCode(200).body("id", equalTo(receipt.id())).extract().jsonPath();
        String fresh = rotated.getString("accessToken");
        assertNotEquals(receipt.token(), fresh);

        status(receipt.id(), receipt.token(), address).then().statusCode(404);
        String page = status(receipt.id(), fresh, address).then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("timeline.find { it.note == 'TOKEN_ROTATED' }.status", equalTo("SUBMITTED"))
                .extract().asString();
        assertFalse(page.contains(fresh), "the timeline must not show the token");
        assertFalse(page.contains(receipt.token()), "the timeline must not show the old token");
    }

    @Test
    void rotationNeedsTheCurrentToken() {
        Receipt receipt = submit();
        given().header("X-Claimant-Token", "not-the-token").header("X-Forwarded-For", randomAddress())
                .when().post("/api/v1/requests/{id}/token/rotate", receipt.id())
                .then().statusCode(404).contentType("application/problem+json");
        status(receipt.id(), receipt.token(), randomAddress()).then().statusCode(200);
    }

    @Test
    void wrongTokensForOneRequestAreLimitedWhereverTheyComeFrom() {
        Receipt receipt = submit();
        for (int i = 0; i < MAX_FAILURES; i++) {
            status(receipt.id(), "guess-" + i, randomAddress()).then().statusCode(404);
        }

        Response limited = status(receipt.id(), "guess-x", randomAddress());
        limited.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429));
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        // While limited, even the right token gets no answer: guessing must learn nothing.
        status(receipt.id(), receipt.token(), randomAddress()).then().statusCode(429);
    }

    @Test
    void wrongTokensFromOneAddressAreLimitedAcrossRequests() {
        Receipt receipt = submit();
        String address = randomAddress();
        for (int i = 0; i < MAX_FAILURES; i++) {
            status(UUID.randomUUID().toString(), "guess-" + i, address).then().statusCode(404);
        }

        status(receipt.id(), receipt.token(), address).then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        status(receipt.id(), receipt.token(), randomAddress()).then().statusCode(200);
    }

    @Test
    void unknownIdAndWrongTokenStillLookAlike() {
        Receipt receipt = submit();
        String wrongToken = status(receipt.id(), "not-the-token", randomAddress()).then().statusCode(404)
                .extract().path("title");
        String unknownId = status(UUID.randomUUID().toString(), receipt.token(), randomAddress()).then().statusCode(404)
                .extract().path("title");
        assertEquals(unknownId, wrongToken);
    }

    private record Receipt(String id, String token) {
    }

    private static Receipt submit() {
        JsonPath receipt = given().contentType(ContentType.JSON).body(Requests.copyright("token@example.org"))
                .when().post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
        return new Receipt(receipt.getString("id"), receipt.getString("accessToken"));
    }

    private static Response status(String id, String token, String address) {
        return given().header("X-Claimant-Token", token).header("X-Forwarded-For", address)
                .when().get("/api/v1/requests/{id}", id);
    }

    /** An address from the benchmarking range 198.18.0.0/15, different for every call. */
    static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
