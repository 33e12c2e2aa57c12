package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.takedown.testing.Ports;

class StackPortsTest {

    @Test
    void fixedPortsAreThoseOfTheDesign() {
        StackPorts fixed = StackPorts.fixed();
        assertEquals(Map.of("intake", 8081, "verification", 8082, "matching", 8083, "review", 8084, "propagation", 8085),
                fixed.services());
        assertEquals(9092, fixed.kafka());
        assertEquals(5433, fixed.postgres());
        assertEquals(8090, fixed.vendorReceiver());
        assertEquals(8180, fixed.keycloak());
        assertEquals(3025, fixed.smtp());
        assertEquals(8025, fixed.smtpApi());
    }

    @Test
    void freePortsAreFree() {
        assertDoesNotThrow(() -> StackPorts.free().requireAllFree());
    }

    @Test
    void aPortInUseIsReportedWithTheComponentThatNeedsIt() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StackPorts free = StackPorts.free();
            Map<String, Integer> services = new LinkedHashMap<>(free.services());
            services.put("review", squatter.getLocalPort());
            StackPorts clashing = new StackPorts(services, free.kafka(), free.postgres(), free.vendorReceiver(), free.keycloak(),
                    free.smtp(), free.smtpApi());

            Ports.PortInUseException clash = assertThrows(Ports.PortInUseException.class, clashing::requireAllFree);
            assertEquals("Port " + squatter.getLocalPort() + " (review) is already in use on 127.0.0.1", clash.getMessage());
        }
    }
}
