package org.takedown.testing;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Kafka and PostgreSQL as processes on this machine, both throwaway: free loopback ports and a
 * PostgreSQL cluster without fsync.
 */
public final class LocalInfrastructure implements Infrastructure {

    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private LocalInfrastructure(KafkaBroker kafka, PostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** Starts both servers side by side under {@code workDir} ({@code kafka/}, {@code postgres/}). */
    public static LocalInfrastructure start(Path workDir) {
        WorkDirs.createTraversable(workDir);
        CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(
                () -> PostgresServer.start(workDir.resolve("postgres"), 0, false));
        KafkaBroker kafka;
        try {
            kafka = KafkaBroker.start(workDir.resolve("kafka"), 0);
        } catch (RuntimeException e) {
            stopQuietly(postgres);
            throw e;
        }
        try {
            return new LocalInfrastructure(kafka, postgres.join());
        } catch (CompletionException e) {
            kafka.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public ServiceDatabase serviceDatabase(String service) {
        return postgres.createServiceDatabase(service);
    }

    @Override
    public void stopKafka() {
        kafka.stop();
    }

    @Override
    public void startKafka() {
        kafka.start();
    }

    @Override
    public void stopPostgres() {
        postgres.stop();
    }

    @Override
    public void startPostgres() {
        postgres.start();
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }

    private static void stopQuietly(CompletableFuture<PostgresServer> postgres) {
        try {
            postgres.join().close();
        } catch (RuntimeException e) {
            // It did not start either; the Kafka failure is the one to report.
        }
    }
}
