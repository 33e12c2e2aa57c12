package org.takedown.propagation;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two vendors' webhook endpoints on a real HTTP server: "acme" always accepts, "flaky" answers
 * 503 to its first delivery and accepts after that.
 */
public class VendorReceiverResource implements QuarkusTestResourceLifecycleManager {

    public record Delivery(String vendor, String webhookId, String body) {
    }

    static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test webhook receiver", e);
        }
        server.createContext("/acme", exchange -> {
            record("acme", exchange);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/flaky", exchange -> {
            record("flaky", exchange);
            exchange.sendResponseHeaders(FLAKY_CALLS.incrementAndGet() == 1 ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("takedown.propagation.vendors.acme.url", base + "/acme",
                "takedown.propagation.vendors.flaky.url", base + "/flaky");
    }

    private static void record(String vendor, com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        DELIVERIES.add(new Delivery(vendor, exchange.getRequestHeaders().getFirst("webhook-id"), body));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
