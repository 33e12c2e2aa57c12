package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.takedown.intake.metrics.RequestStatusMetrics;
import org.takedown.intake.status.RequestStatus;
import org.takedown.testing.RealInfrastructureResource;

/** Requests by claimant-facing status on /q/metrics agree with the request table. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class RequestStatusMetricsIT {

    private static final Pattern ROW = Pattern.compile("(?m)^takedown_requests\\{status=\"([A-Z_]+)\"} (\\S+)$");

    @Inject
    RequestStatusMetrics metrics;

    @Inject
    EntityManager entityManager;

    @Test
    void everyStatusIsReportedAndTheyAddUpToTheRequestsStored() {
        given().contentType(ContentType.JSON).body(Requests.copyright("metrics@example.org"))
                .when().post("/api/v1/requests").then().statusCode(201);

        metrics.sample();
        long stored = ((Number) QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT count(*) FROM intake.takedown_request").getSingleResult())).longValue();
        String scrape = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        Matcher row = ROW.matcher(scrape);
        int statuses = 0;
        double total = 0;
        while (row.find()) {
            RequestStatus.valueOf(row.group(1));
            statuses++;
            total += Double.parseDouble(row.group(2));
        }
        assertEquals(RequestStatus.values().length, statuses, scrape);
        assertTrue(stored >= 1);
        assertEquals(stored, (long) total, "the per-status figures should add up to the requests stored");
    }
}
