package org.takedown.review.console;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.takedown.testing.StubHttpServer;

/**
 * Stands in for matching's internal item images: every item has a 40×30 PNG, except items whose id starts with
 * {@code none-} (404, as for a release without image bytes). Records each call's path, query and Authorization header.
 */
public class FakeMatching implements QuarkusTestResourceLifecycleManager {

    /** One entry per call: path, raw query, Authorization header. */
    public static final List<List<String>> CALLS = new CopyOnWriteArrayList<>();

    private StubHttpServer server;

    @Override
    public Map<String, String> start() {
        server = StubHttpServer.start(Map.of("/api/v1/internal/datasets/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            CALLS.add(List.of(path, String.valueOf(exchange.getRequestURI().getRawQuery()),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
            String[] parts = path.split("/");
            String itemId = parts.length > 2 ? parts[parts.length - 2] : "";
            if (!path.endsWith("/image") || itemId.startsWith("none-")) {
                return StubHttpServer.Answer.status(404);
            }
            return StubHttpServer.Answer.bytes("image/png", png());
        }));
        return Map.of("quarkus.rest-client.matching.url", server.url());
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().setColor(Color.ORANGE);
        image.getGraphics().fillRect(5, 5, 20, 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
