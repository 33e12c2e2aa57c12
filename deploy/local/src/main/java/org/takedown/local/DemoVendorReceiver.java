package org.takedown.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for an AI vendor's webhook endpoint: answers every request on {@value #PATH} with
 * 204 and keeps it, so the demo and end-to-end tests can see the signed removal notices that
 * propagation delivers.
 */
public final class DemoVendorReceiver implements AutoCloseable {

    public static final String PATH = "/webhook";

    /** One received request. Header names are case-insensitive. */
    public record Notice(Instant receivedAt, String method, String path, Map<String, List<String>> headers, String body) {

        public Notice {
            TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            caseInsensitive.putAll(headers);
            headers = Collections.unmodifiableMap(caseInsensitive);
        }

        /** The first value of the header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final List<Notice> notices = new ArrayList<>();

    private DemoVendorReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1:{@code port} ({@code 0}: a free port). */
    public static DemoVendorReceiver start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            DemoVendorReceiver receiver = new DemoVendorReceiver(server);
            server.createContext(PATH, receiver::receive);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String webhookUrl() {
        return "http://127.0.0.1:" + port() + PATH;
    }

    /** Everything received so far, oldest first. */
    public synchronized List<Notice> notices() {
        return List.copyOf(notices);
    }

    /**
     * Waits until at least {@code count} notices have arrived and returns all of them.
     *
     * @throws IllegalStateException on timeout, saying how many did arrive
     */
    public synchronized List<Notice> awaitNotices(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (notices.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("Expected " + count + " notices at " + webhookUrl() + " within " + timeout
                        + ", received " + notices.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(notices);
    }

    public synchronized void clear() {
        notices.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            record(new Notice(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private synchronized void record(Notice notice) {
        notices.add(notice);
        notifyAll();
    }
}
