package org.takedown.testing;

import java.util.Collection;

/**
 * Real Kafka, PostgreSQL and Keycloak for tests. Which kind is chosen by the system property
 * {@value #PROVIDER_PROPERTY}: {@code local} (default; processes on this machine, no Docker)
 * or {@code testcontainers} (containers, where a Docker engine exists).
 */
public interface Infrastructure extends AutoCloseable {

    String PROVIDER_PROPERTY = "takedown.infrastructure";

    /**
     * The infrastructure of this JVM, started on first use with all topics of the event
     * contract, and stopped by a shutdown hook: test classes share one broker and one database
     * server instead of paying for a start each.
     */
    static Infrastructure shared() {
        return SharedInfrastructure.get();
    }

    /**
     * This JVM's Keycloak (see {@link #keycloakUrl()}) for tests that start their own Kafka and
     * PostgreSQL, such as the dev stack's: Kafka and PostgreSQL of this class are not started.
     */
    static String sharedKeycloakUrl() {
        return SharedInfrastructure.sharedKeycloakUrl();
    }

    String kafkaBootstrapServers();

    /** A login role and a schema named after the service, owned by that role; idempotent. */
    ServiceDatabase serviceDatabase(String service);

    /**
     * A real Keycloak with the takedown realm and the {@link TestClients}, started on first call
     * ({@code http://127.0.0.1:<port>}; the issuer is this plus {@code /realms/takedown}).
     */
    default String keycloakUrl() {
        return SharedInfrastructure.keycloakUrl();
    }

    /** Stops the broker, keeping its data, to test behaviour while Kafka is down. */
    void stopKafka();

    /** Starts the broker again on the same address, with the data it had. */
    void startKafka();

    /** Stops PostgreSQL (fast shutdown), keeping its data, to test behaviour while the database is down. */
    default void stopPostgres() {
        throw new UnsupportedOperationException("Stopping PostgreSQL needs -D" + PROVIDER_PROPERTY + "=local");
    }

    /** Starts PostgreSQL again on the same address, with the data it had. */
    default void startPostgres() {
    }

    /** Creates the topics that do not exist yet. */
    default void createTopics(Collection<String> names, int partitions) {
        KafkaBroker.createTopics(kafkaBootstrapServers(), names, partitions);
    }

    @Override
    void close();
}
