package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Intake with Kafka and Keycloak both unreachable (addresses where nothing listens): it stays ready and
 * takes requests into its outbox, and the dependency group says what is down.
 */
@QuarkusTest
@WithTestResource(ReadinessIT.KafkaAndKeycloakAway.class)
class ReadinessIT {

    public static class KafkaAndKeycloakAway implements QuarkusTestResourceLifecycleManager {

        private final RealInfrastructureResource real = new RealInfrastructureResource();

        @Override
        public Map<String, String> start() {
            real.init(Map.of(RealInfrastructureResource.SERVICE, "intake"));
            Map<String, String> config = new HashMap<>(real.start());
            String nowhere = "127.0.0.1:" + unusedPort();
            config.put("kafka.bootstrap.servers", nowhere);
            config.put("quarkus.oidc.auth-server-url", "http://" + nowhere + "/realms/takedown");
            config.put("quarkus.oidc-client.auth-server-url", "http://" + nowhere + "/realms/takedown");
            config.put("quarkus.oidc.connection-delay", "1S");
            return config;
        }

        @Override
        public void stop() {
            real.stop();
        }

        private static int unusedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void intakeStaysReadyAndAcceptsRequestsWhileKafkaAndKeycloakAreAway() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);

        Claimants.submitCopyright();

        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/group/dependencies").then().statusCode(503)
                .body("checks.find { it.name == 'Kafka broker' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Keycloak' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Kafka broker' }.data.outboxBacklog", not(equalTo(null)));
    }

    @Test
    void readinessNamesNoKafkaOrKeycloakCheck() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", not(hasItem(org.hamcrest.Matchers.containsStringIgnoringCase("kafka"))))
                .body("checks.name", not(hasItem(org.hamcrest.Matchers.containsStringIgnoringCase("oidc"))))
                .body("checks.name", hasItems("Database connections health check"));
    }
}
