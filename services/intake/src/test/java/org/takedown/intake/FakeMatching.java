package org.takedown.intake;

import com.sun.net.httpserver.HttpExchange;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.takedown.testing.StubHttpServer;
import org.takedown.testing.StubHttpServer.Answer;

/**
 * Stands in for matching's public API: the data set registry ({@code GET /api/v1/datasets}) with two data sets,
 * demo-a and demo-b, counting the calls so that a test can see intake keep the list rather than ask for every
 * request; and the pre-filing search across every ACTIVE release (by a hash made on the device, by caption), which a
 * test can make refuse or fail.
 */
public class FakeMatching implements QuarkusTestResourceLifecycleManager {

    public static final AtomicInteger CALLS = new AtomicInteger();

    /** Every search request received: "METHOD path?query\nbody". */
    public static final List<String> SEARCHES = new CopyOnWriteArrayList<>();
    /** When not 0, the search endpoints answer this status instead (with {@code Retry-After: 7}): matching refusing or failing. */
    public static volatile int searchStatus;
    public static final String HASH_HIT_URL = "https://cdn.example.net/found-by-hash.jpg";
    public static final String CAPTION_HIT_URL = "https://cdn.example.net/cat-by-the-sea.jpg";

    private StubHttpServer server;

    @Override
    public Map<String, String> start() {
        server = StubHttpServer.start(Map.of(
                "/api/v1/datasets", exchange -> {
                    CALLS.incrementAndGet();
                    return Answer.json("[{\"id\":\"demo-a\",\"name\":\"Demo A\",\"releases\":[]},"
                            + "{\"id\":\"demo-b\",\"name\":\"Demo B\",\"releases\":[]}]");
                },
                "/api/v1/search/hashes", exchange -> {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    SEARCHES.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n" + body);
                    return refusedOr(exchange, "{\"lowQuality\":false,\"releases\":["
                            + "{\"datasetId\":\"demo-a\",\"releaseId\":\"2026-01\",\"total\":1,\"items\":[{\"itemId\":\"a-7\","
                            + "\"url\":\"" + HASH_HIT_URL + "\",\"caption\":\"a copy found by its hash\",\"signal\":\"PDQ\",\"score\":4}]},"
                            + "{\"datasetId\":\"demo-b\",\"releaseId\":\"2026-02\",\"total\":0,\"items\":[]}]}");
                },
                "/api/v1/search/captions/active", exchange -> {
                    SEARCHES.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n");
                    return refusedOr(exchange, "{\"lowQuality\":false,\"releases\":["
                            + "{\"datasetId\":\"demo-a\",\"releaseId\":\"2026-01\",\"total\":0,\"items\":[]},"
                            + "{\"datasetId\":\"demo-b\",\"releaseId\":\"2026-02\",\"total\":3,\"items\":[{\"itemId\":\"b-1\","
                            + "\"url\":\"" + CAPTION_HIT_URL + "\",\"caption\":\"a cat by the sea\",\"signal\":\"CAPTION_TEXT\",\"score\":2.5}]}]}");
                }));
        return Map.of("quarkus.rest-client.matching.url", server.url());
    }

    private static Answer refusedOr(HttpExchange exchange, String json) throws IOException {
        int status = searchStatus;
        if (status == 0) {
            return Answer.json(json);
        }
        exchange.getResponseHeaders().add("Retry-After", "7");
        return new Answer(status, "application/problem+json", "{\"title\":\"refused\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
