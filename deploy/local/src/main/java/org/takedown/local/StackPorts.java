package org.takedown.local;

import java.util.LinkedHashMap;
import java.util.Map;

import org.takedown.testing.Ports;

/** Where each part of the stack listens, on 127.0.0.1. */
record StackPorts(Map<String, Integer> services, int kafka, int postgres, int vendorReceiver, int keycloak, int smtp,
        int smtpApi) {

    /** The ports of DESIGN.md, which people and scripts rely on. */
    static StackPorts fixed() {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("intake", 8081);
        services.put("verification", 8082);
        services.put("matching", 8083);
        services.put("review", 8084);
        services.put("propagation", 8085);
        return new StackPorts(services, 9092, 5433, 8090, 8180, 3025, 8025);
    }

    /** Free loopback ports, so that tests run beside a developer's stack. */
    static StackPorts free() {
        Map<String, Integer> services = new LinkedHashMap<>();
        LocalStack.SERVICES.forEach(service -> services.put(service, Ports.freeLoopbackPort()));
        return new StackPorts(services, Ports.freeLoopbackPort(), Ports.freeLoopbackPort(), Ports.freeLoopbackPort(),
                Ports.freeLoopbackPort(), Ports.freeLoopbackPort(), Ports.freeLoopbackPort());
    }

    int service(String name) {
        Integer port = services.get(name);
        if (port == null) {
            throw new IllegalArgumentException("No service '" + name + "'; services: " + services.keySet());
        }
        return port;
    }

    /** Checked before anything starts, so a clash is reported by name instead of as a half-started stack. */
    void requireAllFree() {
        Ports.requireFree(postgres, "PostgreSQL");
        Ports.requireFree(kafka, "Kafka");
        Ports.requireFree(vendorReceiver, "demo vendor receiver");
        Ports.requireFree(keycloak, "Keycloak");
        Ports.requireFree(smtp, "SMTP catcher");
        Ports.requireFree(smtpApi, "SMTP catcher API");
        services.forEach((service, port) -> Ports.requireFree(port, service));
    }
}
