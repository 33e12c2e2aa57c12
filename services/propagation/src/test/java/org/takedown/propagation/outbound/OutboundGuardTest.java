package org.takedown.propagation.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The guard against hostile receivers: real sockets on 127.0.0.1, no Quarkus. */
class OutboundGuardTest {

    private static OutboundGuard guard(boolean allowLoopback, Duration readTimeout) {
        return new OutboundGuard(new OutboundConfig() {
            @Override
            public boolean allowLoopback() {
                return allowLoopback;
            }

            @Override
            public boolean allowPrivate() {
                return false;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration readTimeout() {
                return readTimeout;
            }
        });
    }

    @Test
    void aHostNameThatResolvesToLoopbackIsRefusedUnlessAllowed() throws Exception {
        OutboundRefusedException e = assertThrows(OutboundRefusedException.class,
                () -> guard(false, Duration.ofSeconds(1)).check("http://localhost:8085/api"));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        guard(true, Duration.ofSeconds(1)).check("http://localhost:8085/api");
    }

    @Test
    void refusesOtherSchemesCredentialsAndMissingHosts() {
        OutboundGuard guard = guard(true, Duration.ofSeconds(1));
        for (String url : new String[] {"ftp://vendor.example/x", "file:///etc/passwd", "http://user:pw@127.0.0.1/",
                "http:///nohost", "not a url", "https://[::1"}) {
            assertThrows(OutboundRefusedException.class, () -> guard.check(url), url);
        }
    }

    @Test
    void answersWithoutABodyKeepTheConnectionForTheNextDelivery() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 50);
        java.util.List<Integer> clientPorts = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            clientPorts.add(exchange.getRemoteAddress().getPort());
            boolean withBody = exchange.getRequestURI().getPath().endsWith("/body");
            exchange.sendResponseHeaders(withBody ? 200 : 204, withBody ? 2 : -1);
            if (withBody) {
                exchange.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
            }
            exchange.close();
        });
        server.start();
        try {
            OutboundGuard guard = guard(true, Duration.ofSeconds(2));
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            for (int i = 0; i < 3; i++) {
                assertEquals(204, guard.postJson(base + "/hook", Map.of(), "{}").status());
            }
            assertEquals(1, clientPorts.stream().distinct().count(), "one connection for three 204 answers: " + clientPorts);
            // An answer with a body is not read: its connection is dropped, the next delivery opens a new one.
            assertEquals(200, guard.postJson(base + "/body", Map.of(), "{}").status());
            assertEquals(204, guard.postJson(base + "/hook", Map.of(), "{}").status());
            assertEquals(clientPorts.get(3), clientPorts.get(2), "the body answer came on the kept connection");
            assertTrue(!clientPorts.get(4).equals(clientPorts.get(3)), "after an unread body, a new connection: " + clientPorts);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aReceiverThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread silent = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().readAllBytes(); // reads the request, never answers
                } catch (IOException ignored) {
                    // the client hung up: expected
                }
            });
            silent.setDaemon(true);
            silent.start();
            long start = System.nanoTime();
            assertThrows(HttpTimeoutException.class, () -> guard(true, Duration.ofMillis(500))
                    .postJson("http://127.0.0.1:" + server.getLocalPort() + "/hook", Map.of(), "{}"));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
        }
    }

    @Test
    void anEndlessAnswerBodyIsNotRead() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread flood = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    in.read(new byte[8192]);
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    while (sent.get() < 10_000_000_000L) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException ignored) {
                    // the client closed the connection without reading: what we want
                }
            });
            flood.setDaemon(true);
            flood.start();
            OutboundGuard.Answer answer = guard(true, Duration.ofSeconds(5))
                    .postJson("http://127.0.0.1:" + server.getLocalPort() + "/hook", Map.of(), "{}");
            assertEquals(200, answer.status());
            flood.join(5000);
            assertTrue(sent.get() < 100_000_000L, "the guard should hang up, not drain " + sent.get() + " bytes");
        }
    }
}
