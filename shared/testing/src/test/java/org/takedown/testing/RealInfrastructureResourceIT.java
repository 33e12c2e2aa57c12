package org.takedown.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = RealInfrastructureResource.SERVICE, value = "verification"))
class RealInfrastructureResourceIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String username;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void theApplicationGetsTheSharedBroker() {
        assertEquals(RealInfrastructureResource.infrastructure().kafkaBootstrapServers(), bootstrapServers);
    }

    @Test
    void theApplicationGetsCredentialsOfItsOwnRoleAndSchema() throws Exception {
        assertEquals("verification", username);
        try (Connection connection = PostgresServer.connect(jdbcUrl, username, password);
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT current_user, current_schema()")) {
            rows.next();
            assertEquals("verification", rows.getString(1));
            assertEquals("verification", rows.getString(2));
        }
    }
}
