package org.takedown.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A small HTTP server on a free loopback port that stands in for another service's API in a test: each path prefix
 * answers what its {@link Handler} returns. For the fakes a Quarkus test resource starts (another service's
 * internal API), where only that service's side is under test.
 */
public final class StubHttpServer implements AutoCloseable {

    /** What to answer: a status, a content type (null: none) and a body (empty: none). */
    public record Answer(int status, String contentType, byte[] body) {

        public static Answer json(String body) {
            return json(200, body);
        }

        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }

        public static Answer bytes(String contentType, byte[] body) {
            return new Answer(200, contentType, body);
        }

        public static Answer status(int status) {
            return new Answer(status, null, new byte[0]);
        }
    }

    /** Answers one call; it may read the request (method, path, headers, body) from {@code exchange}. */
    @FunctionalInterface
    public interface Handler {
        Answer answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;

    private StubHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server answering each path prefix with its handler. */
    public static StubHttpServer start(Map<String, Handler> handlers) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        handlers.forEach((path, handler) -> server.createContext(path, exchange -> {
            try (exchange) {
                Answer answer = handler.answer(exchange);
                if (answer.contentType() != null) {
                    exchange.getResponseHeaders().add("Content-Type", answer.contentType());
                }
                exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    exchange.getResponseBody().write(answer.body());
                }
            }
        }));
        server.start();
        return new StubHttpServer(server);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
