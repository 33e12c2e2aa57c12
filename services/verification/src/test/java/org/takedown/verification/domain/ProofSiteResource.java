package org.takedown.verification.domain;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A real HTTP server on loopback that plays the claimants' web sites: each test mounts what
 * {@code /<domain>/.well-known/...} answers. The service fetches well-known files from it.
 */
public class ProofSiteResource implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
        return Map.of("takedown.verification.domain-proof.well-known-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/{domain}/.well-known/takedown-verification.txt");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(HttpServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
