package org.takedown.review;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.takedown.testing.Tokens;

/** Waiting for review to open the case of a request, as a reviewer with a real token sees it. */
public final class Cases {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Cases() {
    }

    /** The id of the case opened for the request; fails after 30 s without one. */
    public static String awaitCase(UUID requestId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> ids = given().auth().oauth2(Tokens.shared().user("reviewer")).queryParam("requestId", requestId)
                    .when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath().getList("id");
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no case opened for request " + requestId);
    }
}
