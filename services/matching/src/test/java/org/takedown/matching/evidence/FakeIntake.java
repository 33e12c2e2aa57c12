package org.takedown.matching.evidence;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.demo.WebDatasetWriter;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;

/**
 * A stand-in for intake's internal evidence API (same paths and JSON shape as intake's
 * EvidenceResource) and its text-query API ({@code PUT /test/requests/{id}/text-queries} with the
 * JSON intake would answer, or {@code GONE} for a 410), plus a small published release with image hashes for matching to search.
 * The test stores evidence with {@code PUT /test/requests/{id}/evidence/{eid}} (images) or
 * {@code PUT /test/requests/{id}/evidence-hashes} (hashes made on the claimant's device, as intake's JSON) and reads the
 * Authorization headers (and purposes) the service sent from {@code GET /test/authorizations}
 * ({@code /test/purposes}); the service's calls
 * without a bearer token are refused with 401 like intake would.
 */
public class FakeIntake implements QuarkusTestResourceLifecycleManager {

    public static final String DATASET = "evidence-set";
    public static final String RELEASE = "r1";

    private static final Pattern LIST = Pattern.compile("/api/v1/internal/requests/([0-9a-f-]{36})/evidence");
    private static final Pattern IMAGE = Pattern.compile("/api/v1/internal/requests/([0-9a-f-]{36})/evidence/([0-9a-f-]{36})");
    private static final Pattern PUT = Pattern.compile("/test/requests/([0-9a-f-]{36})/evidence/([0-9a-f-]{36})");
    private static final Pattern HASHES = Pattern.compile("/api/v1/internal/requests/([0-9a-f-]{36})/evidence/hashes");
    private static final Pattern PUT_HASHES = Pattern.compile("/test/requests/([0-9a-f-]{36})/evidence-hashes");
    private static final Pattern TEXT = Pattern.compile("/api/v1/internal/requests/([0-9a-f-]{36})/text-queries");
    private static final Pattern PUT_TEXT = Pattern.compile("/test/requests/([0-9a-f-]{36})/text-queries");
    /** The most caption hits one text query may add, small here so the tests can overflow it. */
    public static final int CAPTION_MAX_HITS = 5;

    private final Map<String, Map<String, byte[]>> evidence = new ConcurrentHashMap<>();
    /** Text queries as intake's JSON answer, or null for a request intake answers 410 Gone for. */
    private final Map<String, String> textQueries = new ConcurrentHashMap<>();
    /** Device hashes as intake's JSON answer ({@code [{position, pdq, quality}]}); requests without any get 404 (an older intake). */
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> gone = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> purposes = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** The data set copies of claimant image seed 1 (what matching must find) and unrelated images. */
    public static void writeRelease(Path shard) throws IOException {
        var original = SyntheticImages.picture(1, 640, 480);
        try (WebDatasetWriter w = new WebDatasetWriter(shard)) {
            w.add("copy-resized", "jpg", SyntheticImages.jpeg(SyntheticImages.resize(original, 320, 240), 0.8f),
                    "a resized copy", json("copy-resized"));
            w.add("copy-cropped", "jpg", SyntheticImages.jpeg(SyntheticImages.crop(original, 0.03, 0.02, 0.04, 0.01), 0.85f),
                    "a cropped copy", json("copy-cropped"));
            w.add("copy-flipped", "png", SyntheticImages.png(SyntheticImages.flipHorizontally(original)),
                    "a mirrored copy", json("copy-flipped"));
            for (int seed = 100; seed < 120; seed++) {
                w.add("unrelated-" + seed, "jpg", SyntheticImages.jpeg(SyntheticImages.picture(seed, 320, 240), 0.85f),
                        "something else", json("unrelated-" + seed));
            }
        }
    }

    private static String json(String key) {
        return "{\"key\":\"" + key + "\",\"url\":\"https://cdn.example.net/" + key + ".jpg\"}";
    }

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("matching-evidence-it");
            Path shard = root.resolve("00000.tar");
            writeRelease(shard);
            new ReleaseIngester(new ReleaseStore(root.resolve("indexes")), 1000, Long.MAX_VALUE)
                    .ingest(shard, DATASET, RELEASE, p -> { });
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.start();
            return Map.of(
                    "quarkus.rest-client.intake.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "takedown.matching.dataset.index-root", root.resolve("indexes").toString(),
                    "takedown.matching.dataset.id", DATASET,
                    "takedown.matching.dataset.release", RELEASE,
                    "takedown.matching.caption-max-hits", String.valueOf(CAPTION_MAX_HITS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher m;
            if (exchange.getRequestMethod().equals("PUT") && (m = PUT.matcher(path)).matches()) {
                evidence.computeIfAbsent(m.group(1), k -> new ConcurrentHashMap<>())
                        .put(m.group(2), exchange.getRequestBody().readAllBytes());
                send(exchange, 204, null, new byte[0]);
                return;
            }
            if (exchange.getRequestMethod().equals("PUT") && (m = PUT_HASHES.matcher(path)).matches()) {
                hashes.put(m.group(1), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                send(exchange, 204, null, new byte[0]);
                return;
            }
            if (exchange.getRequestMethod().equals("PUT") && (m = PUT_TEXT.matcher(path)).matches()) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (body.equals("GONE")) {
                    gone.put(m.group(1), true);
                } else {
                    textQueries.put(m.group(1), body);
                }
                send(exchange, 204, null, new byte[0]);
                return;
            }
            if (path.equals("/test/authorizations") || path.equals("/test/purposes")) {
                List<String> lines = path.endsWith("authorizations") ? authorizations : purposes;
                send(exchange, 200, "text/plain", String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                send(exchange, 401, null, new byte[0]);
                return;
            }
            authorizations.add(authorization);
            purposes.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Takedown-Purpose")));
            if ((m = HASHES.matcher(path)).matches()) {
                String json = hashes.get(m.group(1));
                if (json == null) {
                    send(exchange, 404, null, new byte[0]);
                } else {
                    send(exchange, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if ((m = TEXT.matcher(path)).matches()) {
                if (gone.containsKey(m.group(1))) {
                    send(exchange, 410, "application/problem+json",
                            "{\"status\":410,\"title\":\"The request was withdrawn\"}".getBytes(StandardCharsets.UTF_8));
                } else if (textQueries.containsKey(m.group(1))) {
                    send(exchange, 200, "application/json", textQueries.get(m.group(1)).getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 404, "application/problem+json",
                            "{\"status\":404,\"title\":\"No such request\"}".getBytes(StandardCharsets.UTF_8));
                }
            } else if ((m = IMAGE.matcher(path)).matches()) {
                byte[] png = evidence.getOrDefault(m.group(1), Map.of()).get(m.group(2));
                if (png == null) {
                    send(exchange, 404, null, new byte[0]);
                } else {
                    // Intake serves evidence in its stored format: PNG, JPEG or WebP.
                    send(exchange, 200, storedType(png), png);
                }
            } else if ((m = LIST.matcher(path)).matches()) {
                List<String> views = new ArrayList<>();
                int position = 0;
                for (String id : evidence.getOrDefault(m.group(1), Map.of()).keySet().stream().sorted().toList()) {
                    views.add("{\"id\":\"" + id + "\",\"position\":" + position++ + ",\"sourceType\":\"UPLOAD\","
                            + "\"width\":640,\"height\":480,\"sha256\":\"00\",\"receivedAt\":\"2026-11-28T08:00:00Z\"}");
                }
                send(exchange, 200, "application/json", ("[" + String.join(",", views) + "]").getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, null, new byte[0]);
            }
        }
    }

    private static String storedType(byte[] image) {
        return org.takedown.matching.hash.ImageFormat.sniff(image)
                .map(f -> "image/" + f.name().toLowerCase(java.util.Locale.ROOT)).orElse("image/png");
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
