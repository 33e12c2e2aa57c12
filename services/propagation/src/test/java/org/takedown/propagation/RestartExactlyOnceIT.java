package org.takedown.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.takedown.events.ReviewDecided;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.NoticeRepository;
import org.takedown.propagation.webhook.NoticeDispatcher;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Kill mid-retry-schedule, restart, and every notice arrives exactly once per webhook-id. The service
 * under test is the packaged application ({@code target/quarkus-app/quarkus-run.jar}) run as a separate
 * process against the same PostgreSQL, Kafka and Keycloak; it is killed with SIGKILL while its notices
 * are being retried (the receiver answers 500), then started again with the receiver answering 204.
 * This test's own application only plans (its dispatcher is paused), so every delivery comes from the
 * separate process.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class RestartExactlyOnceIT {

    private static final int DECISIONS = 5;
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Inject
    Scheduler scheduler;

    @Inject
    NoticeRepository notices;

    @Test
    void killedMidScheduleAndRestartedEveryNoticeArrivesExactlyOnce() throws Exception {
        assertTrue(Files.exists(JAR), "package the application first (mvn verify does)");
        AtomicBoolean failing = new AtomicBoolean(true);
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        java.util.concurrent.ExecutorService receiverThreads = Executors.newFixedThreadPool(4);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            attempts.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
            boolean ok = !failing.get();
            if (ok) {
                accepted.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
            }
            exchange.sendResponseHeaders(ok ? 204 : 500, -1);
            exchange.close();
        });
        receiver.start();
        scheduler.pause(NoticeDispatcher.JOB);
        Process child = null;
        try {
            String dataset = RegistryFixtures.uniqueId("restart");
            String vendor = RegistryFixtures.uniqueId("v");
            Callers.asAdmin().contentType(ContentType.JSON)
                    .body(Map.of("id", vendor, "name", "Restart " + vendor, "contactEmail", "trust@" + vendor + ".example"))
                    .post("/api/v1/admin/vendors").then().statusCode(201);
            Callers.asAdmin().contentType(ContentType.JSON)
                    .body(Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks", "datasets", List.of(dataset)))
                    .post("/api/v1/admin/vendors/{id}/endpoints", vendor).then().statusCode(201);

            String group = "propagation-restart-" + UUID.randomUUID();
            child = start(1, group);
            String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
            List<UUID> requests = new ArrayList<>();
            for (int i = 0; i < DECISIONS; i++) {
                ReviewDecided decision = RegistryFixtures.approval(dataset);
                requests.add(decision.requestId());
                VendorFixtures.send(bootstrap, decision);
            }
            // Mid-schedule: every notice failed at least once and is waiting for a retry.
            await(() -> noticesOf(requests).size() == DECISIONS
                    && noticesOf(requests).stream().allMatch(n -> n.attempts >= 1 && n.status == Notice.Status.PENDING));
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, leases and retries only in PostgreSQL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            failing.set(false);

            child = start(2, group);
            await(() -> noticesOf(requests).stream().allMatch(n -> n.status == Notice.Status.DELIVERED));

            Set<String> ids = noticesOf(requests).stream().map(n -> n.id.toString()).collect(Collectors.toSet());
            assertEquals(ids, accepted.keySet(), "every notice arrived");
            accepted.forEach((id, count) -> assertEquals(1, count.get(), "webhook-id " + id + " accepted more than once"));
            assertTrue(ids.stream().allMatch(id -> attempts.get(id).get() >= 2), "each was retried across the restart");
        } finally {
            if (child != null) {
                child.destroy(); // SIGTERM: the second run leaves cleanly
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            scheduler.resume(NoticeDispatcher.JOB);
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
    }

    private List<Notice> noticesOf(List<UUID> requests) {
        return QuarkusTransaction.requiringNew().call(() -> notices.list("requestId in ?1", requests));
    }

    /**
     * The packaged service on the test infrastructure, with a retry schedule long enough to be killed in. It
     * consumes in a Kafka group of its own, from the latest offsets: a killed member would otherwise hold partitions of this test
     * application's group until its session times out. Both consume every decision; the inbox plans each once.
     */
    private static Process start(int run, String group) throws IOException, InterruptedException {
        var config = ConfigProvider.getConfig();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.profile=test", "-Dquarkus.http.port=0",
                "-Dmp.messaging.connector.smallrye-kafka.group.id=" + group, "-Dkafka.auto.offset.reset=latest",
                "-Dtakedown.propagation.retry-schedule=2s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s"));
        for (String key : List.of("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url", "quarkus.datasource.username",
                "quarkus.datasource.password", "quarkus.oidc.auth-server-url")) {
            command.add("-D" + key + "=" + config.getValue(key, String.class));
        }
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = Path.of("target", "restart-child-" + run + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service process ended at start-up; see " + log);
            }
            if (Files.exists(log) && Files.readString(log).contains(" started in ")) {
                return process;
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the service process did not start within 90 s; see " + log);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out at " + Instant.now());
    }
}
