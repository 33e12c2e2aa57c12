package org.takedown.review.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.review.cases.ReviewCase;
import org.takedown.testing.RealInfrastructureResource;

/** What Kubernetes and Prometheus see of a service: the probes and the metrics endpoint (k8s/, docs/operations.md). */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
class OperationsIT {

    @Inject
    CaseDeadlineMetrics deadlines;

    @Inject
    EntityManager entityManager;

    @Test
    void readinessChecksTheDatabaseTheKafkaBrokerAndKeycloak() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check",
                        "OIDC Provider Health Check"));
    }

    @Test
    void livenessDependsOnNoInfrastructure() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks.name", everyItem(not(oneOf("Database connections health check", "Kafka connection health check",
                        "OIDC Provider Health Check"))));
    }

    @Test
    void startupProbeAnswers() {
        given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsShowTheOutboxBacklogConsumerLagAndRequestsByStatus() {
        given().when().get("/api/v1/cases").then().statusCode(401);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("takedown_outbox_backlog_events"))
                .body(containsString("takedown_outbox_oldest_age_seconds"))
                .body(containsString("kafka_consumer_fetch_manager_records_lag_max"))
                .body(matchesPattern("(?s).*http_server_requests_seconds_count\\{[^}]*status=\"401\"[^}]*uri=\"/api/v1/cases\"[^}]*}.*"));
    }

    @Test
    void openCasesAreCountedOnceByTimeLeftToTheirDeadline() {
        QuarkusTransaction.requiringNew().run(() -> {
            openCase(Instant.now().minus(Duration.ofDays(1)));
            openCase(Instant.now().plus(Duration.ofDays(5)));
        });

        deadlines.sample();
        long open = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createQuery("SELECT count(c) FROM ReviewCase c WHERE c.status = :open", Long.class)
                .setParameter("open", ReviewCase.Status.OPEN).getSingleResult());
        String scrape = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        Matcher row = Pattern.compile("(?m)^takedown_open_cases\\{due=\"(\\w+)\"} (\\S+)$").matcher(scrape);
        java.util.Map<String, Double> buckets = new java.util.HashMap<>();
        while (row.find()) {
            buckets.put(row.group(1), Double.parseDouble(row.group(2)));
        }
        assertEquals(java.util.Set.of("overdue", "3d", "7d", "14d", "later"), buckets.keySet(), scrape);
        assertTrue(buckets.get("overdue") >= 1 && buckets.get("7d") >= 1, scrape);
        assertEquals(open, buckets.values().stream().mapToDouble(Double::doubleValue).sum(), 0.0,
                "each open case should count in exactly one bucket");
    }

    private void openCase(Instant dueAt) {
        ReviewCase reviewCase = new ReviewCase();
        reviewCase.id = UUID.randomUUID();
        reviewCase.requestId = UUID.randomUUID();
        reviewCase.claimType = ClaimType.COPYRIGHT;
        reviewCase.status = ReviewCase.Status.OPEN;
        reviewCase.datasetId = "demo";
        reviewCase.releaseId = "2026-11";
        reviewCase.openedAt = Instant.now();
        reviewCase.receivedAt = reviewCase.openedAt;
        reviewCase.dueAt = dueAt;
        entityManager.persist(reviewCase);
    }
}
