package org.takedown.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.HashSet;
import java.util.Set;

/** Loopback ports: everything this module starts listens on 127.0.0.1 only. */
public final class Ports {

    private static final Set<Integer> handedOut = new HashSet<>();
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Random RANDOM = new SecureRandom();

    private Ports() {
    }

    /**
     * A port that was free a moment ago; good enough for processes started right after.
     *
     * <p>Ports come from below the kernel's ephemeral range ({@code ip_local_port_range}): a port
     * from inside it can be taken at any moment as the local end of some outgoing connection
     * (a Kafka client, a JDBC pool), which made a broker fail now and then with its own port "in
     * use". Ports given out before are skipped: servers started side by side must not be handed
     * the same one.
     */
    public static synchronized int freeLoopbackPort() {
        int[] range = portsBelowEphemeralRange();
        if (range != null) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int candidate = range[0] + RANDOM.nextInt(range[1] - range[0]);
                if (!handedOut.contains(candidate) && !isInUse(candidate)) {
                    handedOut.add(candidate);
                    return candidate;
                }
            }
        }
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (handedOut.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("No free loopback port", e);
            }
        }
    }

    /** [from, to) below the ephemeral range, or null when the range is unknown or leaves no room. */
    private static int[] portsBelowEphemeralRange() {
        try {
            String[] bounds = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            int ephemeralLow = Integer.parseInt(bounds[0]);
            int from = 20_000;
            return ephemeralLow - from >= 2_000 ? new int[] {from, ephemeralLow} : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether something already listens on 127.0.0.1:port (or on all addresses). Sockets in
     * TIME_WAIT from a process that just stopped do not count: the port can be bound again.
     */
    public static boolean isInUse(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Fails with a message naming the port and its owner-to-be, instead of a bind error in some log. */
    public static void requireFree(int port, String what) {
        if (isInUse(port)) {
            throw new PortInUseException(port, what);
        }
    }

    /** A fixed port that something else already holds. */
    public static final class PortInUseException extends IllegalStateException {

        private final int port;

        public PortInUseException(int port, String what) {
            super("Port " + port + " (" + what + ") is already in use on 127.0.0.1");
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
