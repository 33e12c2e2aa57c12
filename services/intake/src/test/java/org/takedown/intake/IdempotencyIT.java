package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class IdempotencyIT {

    @Inject
    EntityManager entityManager;

    @Test
    void retryWithTheSameKeyReturnsTheFirstRequestAndCreatesNoSecond() {
        String key = UUID.randomUUID().toString();
        String body = Requests.copyright("retry@example.org");

        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/api/v1/requests")
                .then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/api/v1/requests")
                .then().statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first))
                .body("accessToken", nullValue());

        assertEquals(1L, requestsWithKey(key));
    }

    @Test
    void sameKeyForADifferentRequestIsRefused() {
        String key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Requests.copyright("a@example.org"))
                .when().post("/api/v1/requests").then().statusCode(201);

        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Requests.copyright("b@example.org"))
                .when().post("/api/v1/requests")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://takedown.org/problems/idempotency-key-reused"));

        assertEquals(1L, requestsWithKey(key));
    }

    @Test
    void keyWithSpacesIsAProblemNamingTheHeader() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", "has spaces").body(Requests.copyright("c@example.org"))
                .when().post("/api/v1/requests")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("idempotencyKey"));
    }

    private long requestsWithKey(String key) {
        return ((Number) QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT count(*) FROM intake.takedown_request WHERE idempotency_key = ?1")
                .setParameter(1, key).getSingleResult())).longValue();
    }
}
