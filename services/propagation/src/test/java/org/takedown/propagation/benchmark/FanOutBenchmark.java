package org.takedown.propagation.benchmark;

import static io.restassured.RestAssured.given;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * Fan-out benchmark (not a test; run on demand, see the README): 100 vendors on local receivers, one of
 * them dead (accepts connections, never answers), against 100 healthy vendors. Reports healthy deliveries
 * per second, end to end from the first decision sent to Kafka to the last 2xx recorded (the producer is
 * connected before the clock starts), and the ratio between the two runs. {@code -Dbench.decisions=N} decisions per run (default 40, i.e. 4,000 notices);
 * {@code -Dbench.history=N} puts N notices of earlier removals in the table first, as a service that has run for a while has;
 * {@code -Dbench.vacuum=true} vacuums the notice table before each run (to tell dead rows' cost from the rest).
 */
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
class FanOutBenchmark {

    private static final int VENDORS = 100;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void fanOut() throws Exception {
        int decisions = Integer.getInteger("bench.decisions", 40);
        AtomicLong received = new AtomicLong();
        // The vendors' receivers: a Vert.x server on its own event loop, light enough that the machine's cores go to
        // the service under test (a real vendor's receiver runs elsewhere).
        Vertx receivers = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpServer receiver = receivers.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setAcceptBacklog(512));
        receiver.requestHandler(request -> request.body().onComplete(body -> {
            received.incrementAndGet();
            request.response().setStatusCode(204).end();
        }));
        receiver.listen().toCompletionStage().toCompletableFuture().get();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 512, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String base = "http://127.0.0.1:" + receiver.actualPort();
            String run = UUID.randomUUID().toString().substring(0, 6);
            String withDead = "bench-dead-" + run;
            String allHealthy = "bench-healthy-" + run;
            String warmUp = "bench-warm-" + run;
            for (int i = 0; i < VENDORS - 1; i++) {
                register("b" + run + "-" + i, base + "/v" + i, List.of(withDead, allHealthy, warmUp));
            }
            register("b" + run + "-dead", "http://127.0.0.1:" + silent.getLocalPort() + "/hooks", List.of(withDead));
            register("b" + run + "-spare", base + "/spare", List.of(allHealthy, warmUp));

            long history = Long.getLong("bench.history", 0);
            if (history > 0) {
                preloadHistory(history);
            }
            measure(warmUp, decisions, VENDORS); // as long as a measured run: the JIT has compiled the delivery path
            // Runs in the order healthy, dead, dead, healthy: each later run is a little slower (the notice table grows
            // by 10,000 rows a run), and in this order a steady drift weighs on both sides alike.
            double[] healthy = new double[2];
            double[] dead = new double[2];
            healthy[0] = measure(allHealthy, decisions, VENDORS);
            dead[0] = measure(withDead, decisions, VENDORS - 1);
            dead[1] = measure(withDead, decisions, VENDORS - 1);
            healthy[1] = measure(allHealthy, decisions, VENDORS);
            double healthyMean = (healthy[0] + healthy[1]) / 2;
            double deadMean = (dead[0] + dead[1]) / 2;
            String report = String.format("""
                    fan-out benchmark, %s, %d cores (load average %.1f), max heap %d MB
                    %d vendors, %d decisions per run (%d notices), runs healthy, dead, dead, healthy; %,d notices of history
                    all healthy:       %.0f, %.0f deliveries/s (mean %.0f)
                    one dead vendor:   %.0f, %.0f deliveries/s to the 99 healthy ones (mean %.0f)
                    ratio dead/healthy: %.2f (1.00 = no slow-down)
                    connections the dead vendor got: %d
                    """, Instant.now(), Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().maxMemory() >> 20, VENDORS, decisions, decisions * VENDORS, history, healthy[0], healthy[1],
                    healthyMean, dead[0], dead[1], deadMean, deadMean / healthyMean, held.size());
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "fanout.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } finally {
            receivers.close().toCompletionStage().toCompletableFuture().get();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /**
     * Sends the decisions and waits until every healthy vendor's notice for them is delivered; deliveries/s from the
     * first decision sent to the last delivery recorded. Also prints where the time went: planning (decisions sent
     * until the last notice was planned) and delivering (first notice planned until the last one delivered).
     */
    private double measure(String dataset, int decisions, int healthyVendors) throws InterruptedException {
        if (Boolean.getBoolean("bench.vacuum")) {
            long t = System.nanoTime();
            vacuum("VACUUM notice");
            System.out.printf(Locale.ROOT, "  vacuum %.2f s%n", (System.nanoTime() - t) / 1e9);
        }
        List<UUID> requests = new ArrayList<>();
        long start;
        Instant sent;
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                    ClaimType.COPYRIGHT, ReviewOutcome.DENIED, dataset, "r-1", List.of(), null)); // connects the producer
            start = System.nanoTime();
            sent = Instant.now();
            for (int i = 0; i < decisions; i++) {
                ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                        ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, dataset, "r-1",
                        List.of(new RemovalItem("i-" + i, "https://bench.example/" + dataset + "/" + i + ".jpg")), null);
                requests.add(decision.requestId());
                sender.send(decision);
            }
        }
        long expected = (long) decisions * healthyVendors;
        long delivered = 0;
        while (delivered < expected) {
            // The figures come from the recorded times, not from this loop: look rarely, the count costs PostgreSQL CPU.
            Thread.sleep(500);
            delivered = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                    "SELECT count(*) FROM notice WHERE request_id IN (:r) AND status = 'DELIVERED'")
                    .setParameter("r", requests).getSingleResult()).longValue());
            if (System.nanoTime() - start > 600_000_000_000L) {
                throw new AssertionError("only " + delivered + " of " + expected + " delivered in 10 minutes");
            }
        }
        Object[] times = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager.createNativeQuery(
                "SELECT min(created_at), max(created_at), max(delivered_at) FROM notice WHERE request_id IN (:r)")
                .setParameter("r", requests).getSingleResult());
        Instant firstPlanned = instant(times[0]);
        Instant lastPlanned = instant(times[1]);
        Instant lastDelivered = instant(times[2]);
        double seconds = Duration.between(sent, lastDelivered).toNanos() / 1e9;
        double delivering = Duration.between(firstPlanned, lastDelivered).toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "  %s: %,d deliveries in %.2f s = %.0f/s; planned %.2f s after sending (%.0f notices/s), "
                        + "delivered from first planned to last in %.2f s (%.0f/s)%n", dataset, expected, seconds, expected / seconds,
                Duration.between(sent, lastPlanned).toNanos() / 1e9,
                expected / (Duration.between(sent, lastPlanned).toNanos() / 1e9), delivering, expected / delivering);
        return expected / seconds;
    }

    /**
     * {@code count} notices of earlier removals (delivered and applied, to 100 other vendors, a year old), as the table
     * of a service that has run for a while holds them, then {@code VACUUM ANALYZE} as autovacuum would have done.
     */
    private void preloadHistory(long count) {
        long chunk = 250_000;
        long started = System.nanoTime();
        for (long from = 0; from < count; from += chunk) {
            long to = Math.min(count, from + chunk);
            long first = from;
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                    INSERT INTO notice (id, kind, request_id, vendor_id, endpoint_url, payload, item_count, status, attempts,
                        next_attempt_at, created_at, delivered_at, vendor_state, vendor_state_at)
                    SELECT gen_random_uuid(), 'REMOVAL', md5('history-' || (g / 100))::uuid, 'history-' || (g % 100),
                        'http://127.0.0.1:9/history/' || (g % 100),
                        '{"type":"takedown.removal","datasetId":"history","releaseId":"r-1","legalBasis":"COPYRIGHT","actions":'
                            || '["REMOVE_FROM_COPIES","EXCLUDE_FROM_FUTURE_TRAINING"],"items":[{"itemId":"i-' || g
                            || '","url":"https://history.example/' || g || '.jpg","pdq":null}],"issuedAt":"2025-11-28T00:00:00Z"}',
                        1, 'DELIVERED', 1, now() - interval '365 days', now() - interval '365 days', now() - interval '365 days',
                        'APPLIED', now() - interval '360 days'
                    FROM generate_series(?1, ?2) AS g
                    """).setParameter(1, first).setParameter(2, to - 1).executeUpdate());
            System.out.printf(Locale.ROOT, "  history: %,d of %,d notices (%.0f s)%n", to, count, (System.nanoTime() - started) / 1e9);
        }
        vacuum("VACUUM (ANALYZE) notice");
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("SELECT pg_size_pretty(pg_relation_size('notice')), "
                    + "pg_size_pretty(pg_indexes_size('notice'))")) {
                rs.next();
                System.out.printf(Locale.ROOT, "  history loaded and vacuumed in %.0f s: notice heap %s, indexes %s%n",
                        (System.nanoTime() - started) / 1e9, rs.getString(1), rs.getString(2));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** VACUUM cannot run in a transaction block: through a plain connection in autocommit. */
    private void vacuum(String statement) {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(statement + " failed", e);
        }
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof Instant i) {
            return i;
        }
        return timestamp instanceof java.time.OffsetDateTime t ? t.toInstant() : ((java.sql.Timestamp) timestamp).toInstant();
    }

    private static void register(String id, String url, List<String> datasets) {
        String token = Tokens.shared().user("admin");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Bench " + id, "contactEmail", "bench@" + id + ".example"))
                .post("/api/v1/admin/vendors").then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", url, "datasets", datasets))
                .post("/api/v1/admin/vendors/{id}/endpoints", id).then().statusCode(201);
    }
}
