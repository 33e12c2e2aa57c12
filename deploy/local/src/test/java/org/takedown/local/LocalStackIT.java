package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.takedown.testing.Infrastructure;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.testing.Ports;

/** The stack's orchestration with real Kafka and PostgreSQL, and {@link FakeService} for each service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalStackIT {

    private Path checkout;
    private LocalStack stack;

    @BeforeAll
    void start(@TempDir Path checkout) throws Exception {
        this.checkout = checkout;
        stack = LocalStack.builder()
                .repositoryRoot(FakeCheckout.create(checkout))
                .keycloakUrl(Infrastructure.sharedKeycloakUrl())
                .autoApprove(false)
                .extraServiceProperties("intake", Map.of("takedown.intake.extra", "yes"))
                .extraServiceProperties("matching", Map.of("takedown.matching.dataset.id", "other"))
                .progress(System.out::println)
                .start();
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void everyServiceIsReadyAtItsUrl() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String service : LocalStack.SERVICES) {
            HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, ready.statusCode(), service);
        }
    }

    @Test
    void everyServiceGetsTheBrokerAndItsOwnDatabaseRole() throws Exception {
        for (String service : LocalStack.SERVICES) {
            String log = Files.readString(stack.logFile(service));
            assertTrue(log.contains("kafka.bootstrap.servers=" + stack.kafkaBootstrapServers() + "\n"), log);
            assertTrue(log.contains("quarkus.datasource.jdbc.url=" + stack.database(service).jdbcUrl() + "\n"), log);
            assertTrue(log.contains("quarkus.datasource.username=" + service + "\n"), log);
            assertTrue(log.contains("quarkus.http.port=" + stack.port(service) + "\n"), log);
        }
    }

    @Test
    void serviceSpecificSettingsReachTheirService() throws Exception {
        assertTrue(log("intake").contains("takedown.intake.public-url=http://localhost:" + stack.port("intake") + "\n"));
        assertTrue(log("review").contains("takedown.review.auto-approve=false\n"));
        assertTrue(log("propagation").contains("takedown.propagation.vendors.acme.url=" + stack.vendorReceiver().webhookUrl() + "\n"));
        assertTrue(log("matching").contains("takedown.matching.dataset.path=" + checkout.resolve("deploy/local/demo/dataset.jsonl") + "\n"));
    }

    @Test
    void callerPropertiesAreAddedAndWinOverTheStacksOwn() throws Exception {
        assertTrue(log("intake").contains("takedown.intake.extra=yes\n"));
        assertTrue(log("matching").contains("takedown.matching.dataset.id=other\n"));
        assertFalse(log("matching").contains("takedown.matching.dataset.id=demo"));
    }

    @Test
    void aServiceRoleWorksInItsOwnSchema() throws Exception {
        try (Connection connection = stack.database("review").connect();
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT current_schema()")) {
            rows.next();
            assertEquals("review", rows.getString(1));
        }
    }

    @Test
    void kafkaStopsAndComesBackOnTheSameAddress() {
        String bootstrapServers = stack.kafkaBootstrapServers();
        int port = Integer.parseInt(bootstrapServers.substring(bootstrapServers.indexOf(':') + 1));

        stack.stopKafka();
        assertFalse(Ports.isInUse(port));
        stack.startKafka();

        assertEquals(bootstrapServers, stack.kafkaBootstrapServers());
        assertTrue(Ports.isInUse(port));
    }

    private String log(String service) throws Exception {
        return Files.readString(stack.logFile(service));
    }
}
