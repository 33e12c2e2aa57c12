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

/**
 * Stands in for verification's domain-proof API and records the Authorization header of every
 * call, so a test can check that intake came with its own Keycloak token.
 */
public class FakeVerification implements QuarkusTestResourceLifecycleManager {

    /** Authorization headers received, in order. */
    public static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/requests/", exchange -> {
            AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String domain = "janedoe-art.example";
            byte[] body = ("{\"requestId\":\"x\",\"proofs\":[{\"domain\":\"" + domain + "\",\"token\":\"takedown-proof-123\","
                    + "\"status\":\"PENDING\",\"deadline\":\"2026-12-28T00:00:00Z\","
                    + "\"dnsRecord\":{\"name\":\"_takedown-verification." + domain + "\",\"type\":\"TXT\",\"value\":\"takedown-proof-123\"},"
                    + "\"wellKnownFile\":{\"url\":\"https://" + domain + "/.well-known/takedown-verification.txt\","
                    + "\"content\":\"takedown-proof-123\"},\"checks\":[]}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("quarkus.rest-client.verification.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
