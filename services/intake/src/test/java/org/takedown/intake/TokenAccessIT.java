package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.takedown.intake.access.ClaimantAccess;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;
import org.takedown.intake.status.StatusChange;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The capability token: rotation, and limits on guessing it. Each test names its own client
 * addresses (X-Forwarded-For, honoured in the test profile) so that tests do not share counters.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class TokenAccessIT {

    private static final int MAX_FAILURES = 10;

    @Inject
    ClaimantAccess access;

    @Inject
    TakedownRequestRepository requests;

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

    /**
     * What the claimant is shown comes from one moment: an event handler that commits a new deadline and its note
     * between the read of the request and the read of its timeline must not show up as the note without the date.
     */
    @Test
    void theRequestAndItsTimelineAreReadTogether() throws InterruptedException {
        Receipt receipt = submit();
        UUID id = UUID.fromString(receipt.id());
        Instant extended = Instant.now().plus(Duration.ofDays(60)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> {
            TakedownRequest read = access.open(receipt.id(), receipt.token(), Optional.empty());
            Thread handler = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
                TakedownRequest request = requests.findById(id);
                request.answerDueAt = extended;
                request.timeline.add(StatusChange.note(request, "DEADLINE_EXTENDED", Instant.now()));
            }));
            handler.start();
            try {
                handler.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertEquals(null, read.answerDueAt, "read before the handler committed");
            assertFalse(read.timeline.stream().anyMatch(change -> "DEADLINE_EXTENDED".equals(change.note)),
                    "the timeline must be the one of the fields read, not a later one");
        });
        QuarkusTransaction.requiringNew().run(() -> {
            TakedownRequest now = access.open(receipt.id(), receipt.token(), Optional.empty());
            assertEquals(extended, now.answerDueAt);
            assertTrue(now.timeline.stream().anyMatch(change -> "DEADLINE_EXTENDED".equals(change.note)));
        });
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
