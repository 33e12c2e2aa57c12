package org.takedown.local;

import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a service's quarkus-run.jar in LocalStackIT: prints the configuration it was
 * given and answers the readiness probe, or exits at once if {@code fake.exit-code} is set.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws Exception {
        System.getProperties().stringPropertyNames().stream().sorted()
                .filter(key -> key.startsWith("quarkus.") || key.startsWith("kafka.") || key.startsWith("takedown."))
                .forEach(key -> System.out.println(key + "=" + System.getProperty(key)));
        String exitCode = System.getProperty("fake.exit-code");
        if (exitCode != null) {
            System.out.println("failing on purpose");
            System.exit(Integer.parseInt(exitCode));
        }
        HttpServer server = HttpServer.create(
                new InetSocketAddress(System.getProperty("quarkus.http.host"), Integer.getInteger("quarkus.http.port")), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }
}
