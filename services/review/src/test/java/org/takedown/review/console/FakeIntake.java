package org.takedown.review.console;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;

/**
 * Stands in for intake's internal evidence API: every request has one 32×24 image with id
 * {@link #EVIDENCE_ID}. Records each call's Authorization and purpose headers.
 */
public class FakeIntake implements QuarkusTestResourceLifecycleManager {

    public static final String EVIDENCE_ID = "6f1e5b7a-2c4d-4e8f-9a0b-1c2d3e4f5a6b";

    /** One entry per call: path, Authorization header, X-Takedown-Purpose header. */
    public static final List<List<String>> CALLS = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/internal/requests/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            CALLS.add(List.of(path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    String.valueOf(exchange.getRequestHeaders().getFirst("X-Takedown-Purpose"))));
            byte[] body;
            String type;
            if (path.endsWith("/evidence")) {
                body = ("[{\"id\":\"" + EVIDENCE_ID + "\",\"position\":0,\"sourceType\":\"JPEG\",\"width\":32,\"height\":24,"
                        + "\"sha256\":\"0123456789abcdef0123456789abcdef\",\"receivedAt\":\"2026-11-28T07:00:00Z\"}]")
                        .getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            } else {
                body = png();
                type = "image/png";
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("quarkus.rest-client.intake.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
