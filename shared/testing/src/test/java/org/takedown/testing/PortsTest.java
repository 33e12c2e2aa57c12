package org.takedown.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aListeningPortIsInUse() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(Ports.isInUse(listener.getLocalPort()));
        }
    }

    @Test
    void aClosedPortIsFreeAgain() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
        }
        assertFalse(Ports.isInUse(port));
    }

    @Test
    void requireFreeNamesThePortAndItsPurpose() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var failure = assertThrows(Ports.PortInUseException.class, () -> Ports.requireFree(listener.getLocalPort(), "Kafka"));
            assertEquals(listener.getLocalPort(), failure.port());
            assertTrue(failure.getMessage().contains(listener.getLocalPort() + " (Kafka)"), failure.getMessage());
        }
    }

    @Test
    void freePortsAreNotHandedOutTwice() {
        // The kernel reuses just-closed ports: among this many, repeats would be near certain.
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(ports.add(Ports.freeLoopbackPort()), "handed out twice after " + i + " ports");
        }
    }
}
