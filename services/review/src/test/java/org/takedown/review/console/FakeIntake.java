package org.takedown.review.console;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.takedown.testing.StubHttpServer;

/**
 * Stands in for intake's internal API: every request has one 32×24 evidence image with id
 * {@link #EVIDENCE_ID}, a JPEG (intake serves images in the format they were uploaded in); messages to the claimant are stored (201 with a new id, kept in {@link #MESSAGES});
 * every reply exists, with the text {@link #replyText(String)}. Records each call's Authorization and
 * purpose headers. {@link #failMessages} makes the messages endpoint answer 503.
 */
public class FakeIntake implements QuarkusTestResourceLifecycleManager {

    public static final String EVIDENCE_ID = "6f1e5b7a-2c4d-4e8f-9a0b-1c2d3e4f5a6b";

    /** One entry per call: path, Authorization header, X-Takedown-Purpose header. */
    public static final List<List<String>> CALLS = new CopyOnWriteArrayList<>();

    /** One entry per stored message: request path, Authorization header, JSON body, the message id given. */
    public static final List<List<String>> MESSAGES = new CopyOnWriteArrayList<>();

    /** While true, storing a message fails (intake away). */
    public static volatile boolean failMessages;

    private StubHttpServer server;

    /** The text of every reply this fake intake serves. */
    public static String replyText(String replyId) {
        return "The claimant's words for reply " + replyId;
    }

    @Override
    public Map<String, String> start() {
        server = StubHttpServer.start(Map.of("/api/v1/internal/requests/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            CALLS.add(List.of(path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    String.valueOf(exchange.getRequestHeaders().getFirst("X-Takedown-Purpose"))));
            byte[] body;
            String type;
            int status = 200;
            if (path.endsWith("/messages") && "POST".equals(exchange.getRequestMethod())) {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (failMessages) {
                    status = 503;
                    body = new byte[0];
                } else {
                    String messageId = UUID.randomUUID().toString();
                    MESSAGES.add(List.of(path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), request,
                            messageId));
                    status = 201;
                    body = ("{\"messageId\":\"" + messageId + "\"}").getBytes(StandardCharsets.UTF_8);
                }
                type = "application/json";
            } else if (path.contains("/replies/")) {
                String replyId = path.substring(path.lastIndexOf('/') + 1);
                body = ("{\"replyId\":\"" + replyId + "\",\"kind\":\"INFORMATION\",\"text\":\"" + replyText(replyId)
                        + "\",\"receivedAt\":\"2026-11-28T08:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            } else if (path.endsWith("/evidence")) {
                body = ("[{\"id\":\"" + EVIDENCE_ID + "\",\"position\":0,\"sourceType\":\"JPEG\",\"width\":32,\"height\":24,"
                        + "\"sha256\":\"0123456789abcdef0123456789abcdef\",\"receivedAt\":\"2026-11-28T07:00:00Z\"}]")
                        .getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            } else {
                body = jpeg();
                type = "image/jpeg";
            }
            return new StubHttpServer.Answer(status, body.length == 0 ? null : type, body);
        }));
        return Map.of("quarkus.rest-client.intake.url", server.url());
    }

    private static byte[] jpeg() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB), "jpg", out);
        return out.toByteArray();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
