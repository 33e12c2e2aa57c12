package org.takedown.intake;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for matching's public data set registry ({@code GET /api/v1/datasets}) with two data sets, demo-a and
 * demo-b, and counts the calls, so that a test can see intake keep the list rather than ask for every request.
 * It also answers the pre-filing search across the ACTIVE releases ({@code POST /api/v1/search/hashes}: one
 * near-duplicate in demo-a, none in demo-b; {@code GET /api/v1/search/captions/active}: one caption hit in demo-b)
 * and keeps every search request it received (method, path with query, body) in {@link #SEARCHES}.
 */
public class FakeMatching implements QuarkusTestResourceLifecycleManager {

    public static final AtomicInteger CALLS = new AtomicInteger();

    /** Every search request received: "METHOD path?query\nbody". */
    public static final List<String> SEARCHES = new CopyOnWriteArrayList<>();
    /** When not 0, the search endpoints answer this status instead (with {@code Retry-After: 7}): matching refusing or failing. */
    public static volatile int searchStatus;
    public static final String HASH_HIT_URL = "https://cdn.example.net/found-by-hash.jpg";
    public static final String CAPTION_HIT_URL = "https://cdn.example.net/cat-by-the-sea.jpg";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/datasets", exchange -> {
            CALLS.incrementAndGet();
            byte[] body = ("[{\"id\":\"demo-a\",\"name\":\"Demo A\",\"releases\":[]},"
                    + "{\"id\":\"demo-b\",\"name\":\"Demo B\",\"releases\":[]}]").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/api/v1/search/hashes", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            SEARCHES.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n" + body);
            if (refused(exchange)) {
                return;
            }
            answer(exchange, "{\"lowQuality\":false,\"releases\":["
                    + "{\"datasetId\":\"demo-a\",\"releaseId\":\"2026-01\",\"total\":1,\"items\":[{\"itemId\":\"a-7\","
                    + "\"url\":\"" + HASH_HIT_URL + "\",\"caption\":\"a copy found by its hash\",\"signal\":\"PDQ\",\"score\":4}]},"
                    + "{\"datasetId\":\"demo-b\",\"releaseId\":\"2026-02\",\"total\":0,\"items\":[]}]}");
        });
        server.createContext("/api/v1/search/captions/active", exchange -> {
            SEARCHES.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n");
            if (refused(exchange)) {
                return;
            }
            answer(exchange, "{\"lowQuality\":false,\"releases\":["
                    + "{\"datasetId\":\"demo-a\",\"releaseId\":\"2026-01\",\"total\":0,\"items\":[]},"
                    + "{\"datasetId\":\"demo-b\",\"releaseId\":\"2026-02\",\"total\":3,\"items\":[{\"itemId\":\"b-1\","
                    + "\"url\":\"" + CAPTION_HIT_URL + "\",\"caption\":\"a cat by the sea\",\"signal\":\"CAPTION_TEXT\",\"score\":2.5}]}]}");
        });
        server.start();
        return Map.of("quarkus.rest-client.matching.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static boolean refused(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        int status = searchStatus;
        if (status == 0) {
            return false;
        }
        byte[] body = "{\"title\":\"refused\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.getResponseHeaders().add("Retry-After", "7");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
        return true;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
