package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/** Kafka and Keycloak are still reported, in the health group {@code dependencies}, when they are up. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class HealthIT {

    @Test
    void theDependencyGroupReportsKafkaAndKeycloakUp() {
        given().get("/q/health/group/dependencies").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka broker' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Keycloak' }.status", equalTo("UP"));
    }
}
