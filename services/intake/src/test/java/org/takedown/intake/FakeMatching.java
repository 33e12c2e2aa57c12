package org.takedown.intake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.takedown.testing.StubHttpServer;

/**
 * Stands in for matching's public data set registry ({@code GET /api/v1/datasets}) with two data sets, demo-a and
 * demo-b, and counts the calls, so that a test can see intake keep the list rather than ask for every request.
 */
public class FakeMatching implements QuarkusTestResourceLifecycleManager {

    public static final AtomicInteger CALLS = new AtomicInteger();

    private StubHttpServer server;

    @Override
    public Map<String, String> start() {
        server = StubHttpServer.start(Map.of("/api/v1/datasets", exchange -> {
            CALLS.incrementAndGet();
            return StubHttpServer.Answer.json("[{\"id\":\"demo-a\",\"name\":\"Demo A\",\"releases\":[]},"
                    + "{\"id\":\"demo-b\",\"name\":\"Demo B\",\"releases\":[]}]");
        }));
        return Map.of("quarkus.rest-client.matching.url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
