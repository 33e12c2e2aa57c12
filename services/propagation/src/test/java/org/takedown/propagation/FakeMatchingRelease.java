package org.takedown.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matching's lookup endpoint in front of releases a test declares ({@link #release}), answered as matching answers
 * (items at each URL; items within 31 bits of each hash, with the distance). Matching's own ReleaseLookupIT proves the
 * real endpoint against a real index; here it stands in for the other service. Calls without a bearer token are refused.
 */
public class FakeMatchingRelease implements QuarkusTestResourceLifecycleManager {

    /** One item of a declared release. */
    public record Item(String itemId, String url, String pdq) {
    }

    private static final Pattern PATH = Pattern.compile("/api/v1/internal/datasets/([^/]+)/releases/([^/]+)/lookup");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<Item>> RELEASES = new ConcurrentHashMap<>();
    static final AtomicInteger CALLS = new AtomicInteger();
    private HttpServer server;

    /** Declares release {@code datasetId/releaseId} with these items. */
    public static void release(String datasetId, String releaseId, List<Item> items) {
        RELEASES.put(datasetId + "/" + releaseId, List.copyOf(items));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake matching", e);
        }
        server.createContext("/api/v1/internal/datasets/", this::lookup);
        server.start();
        return Map.of("quarkus.rest-client.matching.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void lookup(HttpExchange exchange) throws IOException {
        CALLS.incrementAndGet();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
        if (auth == null || !auth.startsWith("Bearer ") || !path.matches()) {
            answer(exchange, auth == null ? 401 : 404, Map.of());
            return;
        }
        List<Item> items = RELEASES.get(path.group(1) + "/" + path.group(2));
        if (items == null) {
            answer(exchange, 404, Map.of("title", "not found"));
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        List<Map<String, Object>> urls = new ArrayList<>();
        for (JsonNode url : body.path("urls")) {
            items.stream().filter(i -> i.url().equals(url.asText())).forEach(i -> urls.add(
                    Map.of("url", url.asText(), "itemId", i.itemId(), "itemUrl", i.url(), "pdq", i.pdq())));
        }
        List<Map<String, Object>> hashes = new ArrayList<>();
        for (JsonNode hash : body.path("pdq")) {
            for (Item item : items) {
                int distance = new BigInteger(hash.asText(), 16).xor(new BigInteger(item.pdq(), 16)).bitCount();
                if (distance <= 31) {
                    hashes.add(Map.of("query", hash.asText(), "itemId", item.itemId(), "itemUrl", item.url(),
                            "pdq", item.pdq(), "distance", distance));
                }
            }
        }
        answer(exchange, 200, Map.of("datasetId", path.group(1), "releaseId", path.group(2), "maxDistance", 31,
                "urls", urls, "pdq", hashes));
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
