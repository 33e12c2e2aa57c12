package org.takedown.intake;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

/** A claimant's side of the API for tests: file a request, follow it, use the status page. */
final class Claimants {

    static final Duration WAIT = Duration.ofSeconds(30);

    record Receipt(UUID id, String token) {
    }

    private Claimants() {
    }

    static Receipt submit(String body) {
        JsonPath receipt = given().header("X-Forwarded-For", randomAddress()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
        return new Receipt(UUID.fromString(receipt.getString("id")), receipt.getString("accessToken"));
    }

    static Receipt submitCopyright() {
        return submit(Requests.copyright("claimant-" + UUID.randomUUID() + "@example.org"));
    }

    static JsonPath status(Receipt receipt) {
        return given().header("X-Claimant-Token", receipt.token()).when().get("/api/v1/requests/{id}", receipt.id())
                .then().statusCode(200).extract().jsonPath();
    }

    /** Polls the claimant's view until it shows what the test waits for. */
    static JsonPath await(Receipt receipt, Predicate<JsonPath> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = status(receipt);
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("never " + what + "; last: " + (last == null ? null : last.prettify()));
    }

    static JsonPath awaitStatus(Receipt receipt, String status) {
        return await(receipt, view -> status.equals(view.getString("status")), "status " + status);
    }

    static JsonPath awaitTimeline(Receipt receipt, String status) {
        return await(receipt, view -> view.getList("timeline.status").contains(status), "timeline with " + status);
    }

    static String csrfCookie() {
        return given().when().get("/submit").then().statusCode(200).extract().cookie("takedown-csrf");
    }

    /** The status page as the claimant sees it after entering the access code. */
    static String statusPage(Receipt receipt, String csrf) {
        return given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                .when().post("/status/{id}", receipt.id()).then().statusCode(200).extract().asString();
    }

    /** Requests from one test address would share its rate limit of wrong tokens: each gets its own. */
    static String randomAddress() {
        return TokenAccessIT.randomAddress();
    }
}
