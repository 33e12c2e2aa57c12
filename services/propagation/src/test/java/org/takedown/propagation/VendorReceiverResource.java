package org.takedown.propagation;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vendors' webhook endpoints on a real HTTP server. "acme" and "flaky" are configured vendors whose
 * receivers check every delivery with the official Standard Webhooks verifier and answer 401 to
 * one that does not verify; "acme" then accepts, "flaky" answers 503 to the first delivery of each notice. The
 * other paths serve vendors that tests register over the admin API: {@code /ok/…} accepts,
 * {@code /gone/…} answers 410, {@code /busy/…} answers 429 with {@code Retry-After} once,
 * {@code /dead/…} answers 500 until {@link #DEAD_REVIVED} is set, {@code /redirect/…} answers 302
 * to {@code /ok/…}.
 */
public class VendorReceiverResource implements QuarkusTestResourceLifecycleManager {

    public record Delivery(String vendor, Map<String, List<String>> headers, String body, Instant receivedAt,
            boolean verified) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String webhookId() {
            return header("webhook-id");
        }
    }

    public static final String ACME_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String FLAKY_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    public static final int BUSY_RETRY_AFTER_SECONDS = 3;
    /** The data set the configured vendors subscribe to; tests of registered vendors use their own. */
    public static final String CONFIGURED_DATASET = "demo";

    static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();
    static final AtomicBoolean DEAD_REVIVED = new AtomicBoolean();
    static volatile String base;
    private static final java.util.Set<String> FLAKY_SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final Map<String, AtomicInteger> BUSY_CALLS = new java.util.concurrent.ConcurrentHashMap<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test webhook receiver", e);
        }
        server.createContext("/acme", exchange -> answer(exchange, verify(exchange, "acme", ACME_SECRET), 204));
        server.createContext("/flaky", exchange -> answer(exchange, verify(exchange, "flaky", FLAKY_SECRET),
                FLAKY_SEEN.add(exchange.getRequestHeaders().getFirst("webhook-id")) ? 503 : 200));
        server.createContext("/ok/", exchange -> answer(exchange, record(exchange, false), 204));
        server.createContext("/gone/", exchange -> answer(exchange, record(exchange, false), 410));
        server.createContext("/busy/", exchange -> {
            boolean first = BUSY_CALLS.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
                    .incrementAndGet() == 1;
            record(exchange, false);
            if (first) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(BUSY_RETRY_AFTER_SECONDS));
            }
            answer(exchange, true, first ? 429 : 204);
        });
        server.createContext("/dead/", exchange -> answer(exchange, record(exchange, false), DEAD_REVIVED.get() ? 204 : 500));
        server.createContext("/redirect/", exchange -> {
            record(exchange, false);
            exchange.getResponseHeaders().add("Location", exchange.getRequestURI().getPath().replaceFirst("^/redirect/", "/ok/"));
            answer(exchange, true, 302);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "takedown.propagation.vendors.acme.url", base + "/acme",
                "takedown.propagation.vendors.acme.secret", ACME_SECRET,
                "takedown.propagation.vendors.acme.datasets", CONFIGURED_DATASET,
                "takedown.propagation.vendors.flaky.url", base + "/flaky",
                "takedown.propagation.vendors.flaky.secret", FLAKY_SECRET,
                "takedown.propagation.vendors.flaky.datasets", CONFIGURED_DATASET);
    }

    /** Deliveries to one path, in arrival order. */
    static List<Delivery> to(String vendor) {
        return DELIVERIES.stream().filter(d -> d.vendor().equals(vendor)).toList();
    }

    /** Checks a delivery the way a vendor would, with the official verifier. */
    private static boolean verify(HttpExchange exchange, String vendor, String secret) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean verified;
        try {
            new Webhook(secret).verify(body, exchange.getRequestHeaders());
            verified = true;
        } catch (WebhookVerificationException e) {
            verified = false;
        }
        DELIVERIES.add(new Delivery(vendor, Map.copyOf(exchange.getRequestHeaders()), body, Instant.now(), verified));
        return verified;
    }

    private static boolean record(HttpExchange exchange, boolean verified) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String vendor = exchange.getRequestURI().getPath().substring(1);
        DELIVERIES.add(new Delivery(vendor, Map.copyOf(exchange.getRequestHeaders()), body, Instant.now(), verified));
        return true;
    }

    private static void answer(HttpExchange exchange, boolean verified, int status) throws IOException {
        exchange.sendResponseHeaders(verified ? status : 401, -1);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
