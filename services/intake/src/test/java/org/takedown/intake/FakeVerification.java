package org.takedown.intake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.takedown.testing.StubHttpServer;

/**
 * Stands in for verification's domain-proof API and records the Authorization header of every
 * call, so a test can check that intake came with its own Keycloak token.
 */
public class FakeVerification implements QuarkusTestResourceLifecycleManager {

    /** Authorization headers received, in order. */
    public static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    private StubHttpServer server;

    @Override
    public Map<String, String> start() {
        server = StubHttpServer.start(Map.of("/api/v1/requests/", exchange -> {
            AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String domain = "janedoe-art.example";
            return StubHttpServer.Answer.json("{\"requestId\":\"x\",\"proofs\":[{\"domain\":\"" + domain
                    + "\",\"token\":\"takedown-proof-123\",\"status\":\"PENDING\",\"deadline\":\"2026-12-28T00:00:00Z\","
                    + "\"dnsRecord\":{\"name\":\"_takedown-verification." + domain + "\",\"type\":\"TXT\",\"value\":\"takedown-proof-123\"},"
                    + "\"wellKnownFile\":{\"url\":\"https://" + domain + "/.well-known/takedown-verification.txt\","
                    + "\"content\":\"takedown-proof-123\"},\"checks\":[]}]}");
        }));
        return Map.of("quarkus.rest-client.verification.url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
