package org.takedown.testing;

import java.sql.Connection;
import java.sql.SQLException;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Kafka and PostgreSQL in containers, for machines with a Docker engine
 * ({@code -Dtakedown.infrastructure=testcontainers}); the test module then needs
 * {@code org.testcontainers:testcontainers-kafka} and {@code testcontainers-postgresql}.
 * <p>
 * Compiled but not exercised by this project's build: its machines have no Docker engine, so
 * {@link LocalInfrastructure} is the default and the one the tests run against.
 */
final class TestcontainersInfrastructure implements Infrastructure {

    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");
    private final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:15-alpine")
            .withDatabaseName(PostgresServer.DATABASE);

    static TestcontainersInfrastructure start() {
        TestcontainersInfrastructure infrastructure = new TestcontainersInfrastructure();
        Startables.deepStart(infrastructure.kafka, infrastructure.postgres).join();
        return infrastructure;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public ServiceDatabase serviceDatabase(String service) {
        try (Connection superuser = PostgresServer.connect(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword())) {
            return ServiceRoles.ensure(superuser, postgres.getJdbcUrl(), service);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to PostgreSQL at " + postgres.getJdbcUrl(), e);
        }
    }

    /** A stopped container comes back on another mapped port, which running clients would not follow. */
    @Override
    public void stopKafka() {
        throw new UnsupportedOperationException("Stopping Kafka needs -D" + PROVIDER_PROPERTY + "=local");
    }

    /** Kafka cannot be stopped here, so it is already running. */
    @Override
    public void startKafka() {
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
    }
}
