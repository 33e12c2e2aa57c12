package org.takedown.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Loopback ports: everything this module starts listens on 127.0.0.1 only. */
public final class Ports {

    private static final Set<Integer> handedOut = new HashSet<>();

    private Ports() {
    }

    /**
     * A port that was free a moment ago; good enough for processes started right after. The
     * kernel readily hands out a just-closed port again, so ports given out before are skipped:
     * servers started side by side must not be handed the same one.
     */
    public static synchronized int freeLoopbackPort() {
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
