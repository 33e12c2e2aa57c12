package org.takedown.propagation.benchmark;

import static io.restassured.RestAssured.given;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * per second, end to end from the decisions on Kafka to the last 2xx recorded, and the ratio between the
 * two runs. {@code -Dbench.decisions=N} decisions per run (default 40, i.e. 4,000 notices).
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

    @Test
    void fanOut() throws Exception {
        int decisions = Integer.getInteger("bench.decisions", 40);
        AtomicLong received = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        ExecutorService receiverThreads = Executors.newFixedThreadPool(32);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
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
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            String run = UUID.randomUUID().toString().substring(0, 6);
            String withDead = "bench-dead-" + run;
            String allHealthy = "bench-healthy-" + run;
            String warmUp = "bench-warm-" + run;
            for (int i = 0; i < VENDORS - 1; i++) {
                register("b" + run + "-" + i, base + "/v" + i, List.of(withDead, allHealthy, warmUp));
            }
            register("b" + run + "-dead", "http://127.0.0.1:" + silent.getLocalPort() + "/hooks", List.of(withDead));
            register("b" + run + "-spare", base + "/spare", List.of(allHealthy, warmUp));

            measure(warmUp, Math.max(2, decisions / 2), VENDORS);
            // Alternating runs, so that warm-up and the machine's other load do not favour one side.
            double[] healthy = new double[2];
            double[] dead = new double[2];
            for (int round = 0; round < 2; round++) {
                healthy[round] = measure(allHealthy, decisions, VENDORS);
                dead[round] = measure(withDead, decisions, VENDORS - 1);
            }
            double healthyMean = (healthy[0] + healthy[1]) / 2;
            double deadMean = (dead[0] + dead[1]) / 2;
            String report = String.format("""
                    fan-out benchmark, %s, %d cores (load average %.1f), max heap %d MB
                    %d vendors, %d decisions per run (%d notices), runs alternating
                    all healthy:       %.0f, %.0f deliveries/s (mean %.0f)
                    one dead vendor:   %.0f, %.0f deliveries/s to the 99 healthy ones (mean %.0f)
                    ratio dead/healthy: %.2f (1.00 = no slow-down)
                    connections the dead vendor got: %d
                    """, Instant.now(), Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().maxMemory() >> 20, VENDORS, decisions, decisions * VENDORS, healthy[0], healthy[1],
                    healthyMean, dead[0], dead[1], deadMean, deadMean / healthyMean, held.size());
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "fanout.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } finally {
            receiver.stop(0);
            receiverThreads.shutdownNow();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** Sends the decisions and waits until every healthy vendor's notice for them is delivered; deliveries/s. */
    private double measure(String dataset, int decisions, int healthyVendors) throws InterruptedException {
        List<UUID> requests = new ArrayList<>();
        long start = System.nanoTime();
        try (EventSender sender = new EventSender(bootstrapServers)) {
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
            Thread.sleep(100);
            delivered = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                    "SELECT count(*) FROM notice WHERE request_id IN (:r) AND status = 'DELIVERED'")
                    .setParameter("r", requests).getSingleResult()).longValue());
            if (System.nanoTime() - start > 600_000_000_000L) {
                throw new AssertionError("only " + delivered + " of " + expected + " delivered in 10 minutes");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return expected / seconds;
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
