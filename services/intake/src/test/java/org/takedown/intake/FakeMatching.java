package org.takedown.intake;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for matching's public data set registry ({@code GET /api/v1/datasets}) with two data sets, demo-a and
 * demo-b, and counts the calls, so that a test can see intake keep the list rather than ask for every request.
 */
public class FakeMatching implements QuarkusTestResourceLifecycleManager {

    public static final AtomicInteger CALLS = new AtomicInteger();

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
        server.start();
        return Map.of("quarkus.rest-client.matching.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
