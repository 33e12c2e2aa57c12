package org.takedown.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.takedown.propagation.Callers.asAdmin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ReviewDecided;
import org.takedown.propagation.RegistryFixtures.RegisteredVendor;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.NoticeRepository;
import org.takedown.propagation.webhook.CircuitBreakers;
import org.takedown.propagation.webhook.NoticeDispatcher;
import org.takedown.testing.RealInfrastructureResource;

/**
 * A dead vendor (accepts connections, never answers: every attempt times out after the test's 3 s read
 * timeout) next to a healthy one. The healthy vendor's notices arrive without waiting behind the dead
 * one's time-outs; after three failures the dead endpoint's circuit opens and its remaining notices are
 * not attempted (attempts stay 0) while it is open.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class CircuitBreakingIT {

    private static final int DECISIONS = 6;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "takedown.propagation.circuit.failure-threshold")
    int threshold;

    @ConfigProperty(name = "takedown.propagation.per-endpoint-concurrency")
    int perEndpoint;

    @Inject
    NoticeRepository notices;

    @Inject
    NoticeDispatcher dispatcher;

    @Test
    void aDeadVendorsCircuitOpensAndTheHealthyVendorsNoticesArriveMeanwhile() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // read nothing, answer nothing
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            String dataset = RegistryFixtures.uniqueId("ds");
            RegisteredVendor healthy = RegistryFixtures.vendorAt("ok", dataset);
            String deadUrl = "http://127.0.0.1:" + silent.getLocalPort() + "/hooks";
            RegisteredVendor dead = RegistryFixtures.vendorAt("ok", RegistryFixtures.uniqueId("unused"));
            asAdmin().contentType(ContentType.JSON).body(Map.of("url", deadUrl, "datasets", List.of(dataset)))
                    .post("/api/v1/admin/vendors/{id}/endpoints", dead.id()).then().statusCode(201);

            List<ReviewDecided> decisions = new ArrayList<>();
            for (int i = 0; i < DECISIONS; i++) {
                ReviewDecided decision = RegistryFixtures.approval(dataset);
                decisions.add(decision);
                VendorFixtures.send(bootstrapServers, decision);
            }

            List<Notice> healthyNotices = awaitAll(healthy.id(), Notice.Status.DELIVERED);
            // Waiting behind the dead vendor, every healthy notice after the first would take at least one of its
            // time-outs; one slow delivery alone is a loaded machine (a cold JVM's first one took 3.09 s on CI).
            List<Duration> took = healthyNotices.stream().map(n -> Duration.between(n.createdAt, n.deliveredAt)).sorted().toList();
            long slow = took.stream().filter(t -> t.compareTo(READ_TIMEOUT) >= 0).count();
            assertTrue(slow <= 1, "notices to the healthy vendor took " + took + ": " + slow
                    + " as long as a time-out of the dead one, so they waited behind it");

            CircuitBreakers circuits = dispatcher.circuits();
            awaitState(circuits, deadUrl, CircuitBreakers.State.OPEN);
            List<Notice> deadNotices = QuarkusTransaction.requiringNew().call(() -> notices.list("vendorId", dead.id()));
            assertEquals(DECISIONS, deadNotices.size());
            int attempts = deadNotices.stream().mapToInt(n -> n.attempts).sum();
            assertTrue(attempts <= threshold + perEndpoint,
                    "no attempt while the circuit is open: " + attempts + " attempts for " + DECISIONS + " notices");
            assertTrue(deadNotices.stream().anyMatch(n -> n.attempts == 0 && n.status == Notice.Status.PENDING),
                    "notices to the open circuit wait without being attempted");
            assertTrue(held.size() <= threshold + perEndpoint, "connections to the dead vendor: " + held.size());
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private List<Notice> awaitAll(String vendorId, Notice.Status status) {
        long deadline = System.nanoTime() + VendorFixtures.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Notice> found = QuarkusTransaction.requiringNew().call(() -> notices.list("vendorId", vendorId));
            if (found.size() == DECISIONS && found.stream().allMatch(n -> n.status == status)) {
                return found;
            }
            VendorFixtures.pause();
        }
        throw new AssertionError("notices to " + vendorId + " not all " + status);
    }

    private static void awaitState(CircuitBreakers circuits, String url, CircuitBreakers.State state) {
        long deadline = System.nanoTime() + VendorFixtures.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (circuits.state(url) == state) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("circuit of " + url + " never " + state);
    }
}
