package org.takedown.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void freePortsStayBelowTheEphemeralRange() throws Exception {
        // Ports inside it get taken as the local end of outgoing connections at any moment.
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        assumeTrue(Files.isReadable(range), "no ip_local_port_range on this machine");
        int ephemeralLow = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
        assumeTrue(ephemeralLow >= 22_000, "ephemeral range starts too low to stay below it");
        for (int i = 0; i < 50; i++) {
            int port = Ports.freeLoopbackPort();
            assertTrue(port < ephemeralLow, port + " is inside the ephemeral range from " + ephemeralLow);
        }
    }
}
