package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.takedown.testing.Infrastructure;
import org.takedown.testing.Tokens;

/**
 * Removals follow their items into a new release (issue 16, ADR 017), through the five services as separate
 * processes: two data sets, three releases; a request matches items in two of them; its approval notifies the vendor
 * subscribed to each data set; then a new release of one data set is ingested and activated holding the removed URL,
 * the same picture under a new URL and a near copy: one automatic notice for the first two (none again when the
 * release is activated again), one review case for the third.
 */
class CarryOverEndToEndIT {

    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CONFIRMATION_CODE = Pattern.compile("/confirm/([0-9a-f-]{36})\\?code=([A-Za-z0-9_-]+)");

    private static final String X = "e2e-x";
    private static final String Y = "e2e-y";
    private static final String REMOVED_URL = "https://photos.e2e-carry.example/me.png";
    private static final String COPY_URL = "https://mirror.e2e-carry.example/renamed.png";
    private static final String NEAR_URL = "https://reposts.e2e-carry.example/edited.png";

    private static Path inbox;
    private static LocalStack stack;
    private static final List<DemoVendorReceiver> RECEIVERS = new ArrayList<>();

    @BeforeAll
    static void startStack() throws IOException {
        inbox = Files.createTempDirectory("carry-over-inbox");
        stack = LocalStack.builder()
                .fixedPorts(false)
                .keycloakUrl(Infrastructure.sharedKeycloakUrl())
                .autoApprove(false)
                .repositoryRoot(RepositoryRoot.find())
                .extraServiceProperties("matching", Map.of("takedown.matching.ingest.inbox", inbox.toString()))
                .progress(line -> System.out.println("[stack] " + line))
                .start();
    }

    @AfterAll
    static void stopStack() {
        RECEIVERS.forEach(DemoVendorReceiver::close);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anApprovedRemovalIsCarriedOverOnceIntoANewReleaseAndANearCopyGoesToReview() throws Exception {
        BufferedImage picture = picture(7);
        byte[] original = png(picture);
        byte[] nearCopy = nearCopyOf(picture, hashOf(original));
        Files.write(inbox.resolve("me.png"), original);
        Files.write(inbox.resolve("near.png"), nearCopy);
        Files.write(inbox.resolve("other-1.png"), png(picture(11)));
        Files.write(inbox.resolve("other-2.png"), png(picture(12)));
        manifest("x-1.jsonl", item("x-1", REMOVED_URL, "me.png"), item("x-9", "https://elsewhere.e2e-carry.example/1.png", "other-1.png"));
        manifest("y-1.jsonl", item("y-1", REMOVED_URL, "me.png"));
        manifest("x-2.jsonl", item("x2-1", REMOVED_URL, "other-2.png"), item("x2-2", COPY_URL, "me.png"),
                item("x2-3", NEAR_URL, "near.png"), item("x2-9", "https://elsewhere.e2e-carry.example/1.png", "other-1.png"));
        register(X);
        register(Y);
        ingestAndActivate(X, "r1", "x-1.jsonl");
        ingestAndActivate(Y, "r1", "y-1.jsonl");
        DemoVendorReceiver onX = vendorSubscribedTo(X);
        DemoVendorReceiver onY = vendorSubscribedTo(Y);

        Receipt receipt = submit(REMOVED_URL);
        JsonNode ownCase = await("the request's case", () -> cases(receipt.id()), list -> list.size() == 1).get(0);
        assertEquals(List.of(X + "/r1/x-1", Y + "/r1/y-1"), keys(ownCase.path("candidates")));
        decide(ownCase);

        JsonNode toX = onlyNotice(onX, 1);
        JsonNode toY = onlyNotice(onY, 1);
        assertEquals(List.of("x-1"), itemIds(toX));
        assertEquals(List.of("y-1"), itemIds(toY));
        assertEquals(X, toX.path("datasetId").asText());

        ingestAndActivate(X, "r2", "x-2.jsonl");
        JsonNode carried = onlyNotice(onX, 2);
        assertEquals(List.of("x2-1", "x2-2"), itemIds(carried));
        assertEquals("r2", carried.path("releaseId").asText());
        assertEquals(toX.path("noticeId").asText(), carried.path("carriedOver").path("noticeId").asText());
        JsonNode nearCase = await("the carry-over case", () -> cases(receipt.id()), list -> list.size() == 2).get(1);
        assertEquals(List.of(X + "/r2/x2-3"), keys(nearCase.path("candidates")));
        assertEquals("APPROVED", nearCase.path("originalDecision").path("outcome").asText());
        JsonNode status = await("the carry-over on the status page", () -> status(receipt),
                s -> notes(s).contains("CARRIED_OVER") && notes(s).contains("NEAR_COPIES_IN_REVIEW"));
        assertTrue(status.toString().contains("Found again in release " + X + "/r2"), status.toString());

        // Activated again: nothing more is sent, no second case.
        HttpResponse<String> again = post(stack.url("matching") + "/api/v1/datasets/" + X + "/releases/r2/activation",
                bearer("admin"), null);
        assertEquals(200, again.statusCode(), again.body());
        Thread.sleep(10_000); // what a second carry-over would need to reach the vendors and review
        assertEquals(2, onX.notices().size(), "notices to the vendor of " + X);
        assertEquals(1, onY.notices().size(), "notices to the vendor of " + Y);
        assertEquals(2, cases(receipt.id()).size());
    }

    // --- the release -----------------------------------------------------------------------------------------

    private static void register(String dataset) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("matching") + "/api/v1/datasets/" + dataset))
                .timeout(Duration.ofSeconds(10)).header("Authorization", bearer("admin")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + dataset + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 200 || response.statusCode() == 201, response.body());
    }

    private static void ingestAndActivate(String dataset, String release, String manifest) throws Exception {
        String path = stack.url("matching") + "/api/v1/admin/releases/" + dataset + "/" + release + "/ingestion";
        HttpResponse<String> started = post(path, bearer("admin"), "{\"manifest\":\"" + manifest + "\"}");
        assertEquals(202, started.statusCode(), started.body());
        await("the ingestion of " + dataset + "/" + release, () -> JSON.readTree(get(path, bearer("admin")).body()),
                s -> "PUBLISHED".equals(s.path("state").asText()));
        HttpResponse<String> activated = post(stack.url("matching") + "/api/v1/datasets/" + dataset + "/releases/" + release
                + "/activation", bearer("admin"), null);
        assertEquals(200, activated.statusCode(), activated.body());
    }

    private static void manifest(String name, String... lines) throws IOException {
        Files.writeString(inbox.resolve(name), String.join("\n", lines) + "\n");
    }

    private static String item(String id, String url, String image) {
        return "{\"id\":\"" + id + "\",\"url\":\"" + url + "\",\"caption\":\"" + id + "\",\"image\":\"" + image + "\"}";
    }

    /** A picture with enough structure for a PDQ hash of good quality. */
    private static BufferedImage picture(long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, 256, 256);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(200), random.nextInt(200), 20 + random.nextInt(100), 20 + random.nextInt(100));
        }
        g.dispose();
        return image;
    }

    /** The picture with a patch painted over, the smallest that changes its PDQ hash within the match threshold. */
    private static byte[] nearCopyOf(BufferedImage picture, String hash) throws Exception {
        List<Integer> distances = new ArrayList<>();
        for (int size = 8; size <= 160; size += 8) {
            for (Color colour : List.of(Color.WHITE, Color.BLACK)) {
                BufferedImage edited = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = edited.createGraphics();
                g.drawImage(picture, 0, 0, null);
                g.setColor(colour);
                g.fillRect(128 - size / 2, 128 - size / 2, size, size);
                g.dispose();
                byte[] bytes = png(edited);
                int distance = new BigInteger(hash, 16).xor(new BigInteger(hashOf(bytes), 16)).bitCount();
                distances.add(distance);
                if (distance > 0 && distance <= 28) {
                    return bytes;
                }
            }
        }
        throw new AssertionError("no near copy within PDQ distance 1..28 of the picture; distances " + distances);
    }

    /** The picture's PDQ hash, from matching's hashing API. */
    private static String hashOf(byte[] png) throws Exception {
        String boundary = "----takedown-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(png);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("matching") + "/api/v1/hashes"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", bearer("admin"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode hashed = JSON.readTree(response.body());
        assertTrue(!hashed.path("lowQuality").asBoolean(), "the test picture hashes with low quality: " + response.body());
        return hashed.path("pdq").asText();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    // --- vendors, cases, the claimant -------------------------------------------------------------------------

    /** A vendor registered in propagation with one endpoint, subscribed to {@code dataset}, at a receiver of its own. */
    private static DemoVendorReceiver vendorSubscribedTo(String dataset) throws Exception {
        String id = "v-" + dataset;
        HttpResponse<String> created = post(stack.url("propagation") + "/api/v1/admin/vendors", bearer("admin"),
                "{\"id\":\"" + id + "\",\"name\":\"Vendor " + id + "\",\"contactEmail\":\"trust@" + id + ".example\"}");
        assertEquals(201, created.statusCode(), created.body());
        DemoVendorReceiver receiver = DemoVendorReceiver.start(0, JSON.readTree(created.body()).path("signingSecret").asText());
        RECEIVERS.add(receiver);
        HttpResponse<String> endpoint = post(stack.url("propagation") + "/api/v1/admin/vendors/" + id + "/endpoints",
                bearer("admin"), "{\"url\":\"" + receiver.webhookUrl() + "\",\"datasets\":[\"" + dataset + "\"]}");
        assertEquals(201, endpoint.statusCode(), endpoint.body());
        return receiver;
    }

    /** The receiver's notices, once it has {@code count}; the last one. */
    private static JsonNode onlyNotice(DemoVendorReceiver receiver, int count) throws Exception {
        List<DemoVendorReceiver.Notice> notices = receiver.awaitNotices(count, FLOW_TIMEOUT);
        assertEquals(count, notices.size(), "notices at " + receiver.webhookUrl());
        return JSON.readTree(notices.get(count - 1).body());
    }

    private static List<String> itemIds(JsonNode notice) {
        List<String> ids = new ArrayList<>();
        notice.path("items").forEach(i -> ids.add(i.path("itemId").asText()));
        return ids.stream().sorted().toList();
    }

    private static List<String> keys(JsonNode candidates) {
        List<String> keys = new ArrayList<>();
        candidates.forEach(c -> keys.add(c.path("datasetId").asText() + "/" + c.path("releaseId").asText() + "/"
                + c.path("itemId").asText()));
        return keys.stream().sorted().toList();
    }

    private static JsonNode cases(String requestId) throws Exception {
        return JSON.readTree(get(stack.url("review") + "/api/v1/cases?requestId=" + requestId, bearer("reviewer")).body());
    }

    private static void decide(JsonNode reviewCase) throws Exception {
        HttpResponse<String> decided = post(stack.url("review") + "/api/v1/cases/" + reviewCase.path("id").asText() + "/decision",
                bearer("reviewer"), "{\"decision\":\"APPROVE\",\"version\":" + reviewCase.path("version").asLong() + "}");
        assertEquals(200, decided.statusCode(), decided.body());
    }

    private record Receipt(String id, String token) {
    }

    private static Receipt submit(String imageUrl) throws Exception {
        String body = """
                {"claimType":"COPYRIGHT",
                 "claimant":{"email":"carry+%s@example.org","name":"Jane Doe","country":"DE","actingFor":"SELF"},
                 "imageUrls":["%s"],
                 "statements":{"identificationOfWork":"my photograph","identificationOfMaterial":"%s",
                               "contact":"carry@example.org","goodFaithStatement":true,
                               "accuracyUnderPenaltyOfPerjury":true,"signature":"Jane Doe"}}"""
                .formatted(UUID.randomUUID(), imageUrl, imageUrl);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        JsonNode created = JSON.readTree(response.body());
        Receipt receipt = new Receipt(created.path("id").asText(), created.path("accessToken").asText());
        SmtpCatcher.Message mail = await("the confirmation mail of " + receipt.id(), () -> stack.smtpCatcher().messages().stream()
                .filter(m -> m.text().contains("/confirm/" + receipt.id())).findFirst().orElse(null), found -> found != null);
        Matcher link = CONFIRMATION_CODE.matcher(mail.text());
        assertTrue(link.find(), mail.text());
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.url("intake") + "/api/v1/requests/" + receipt.id() + "/confirmation"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + link.group(2) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        return receipt;
    }

    private static JsonNode status(Receipt receipt) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.url("intake") + "/api/v1/requests/" + receipt.id()))
                .timeout(Duration.ofSeconds(10)).header("X-Claimant-Token", receipt.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> notes(JsonNode status) {
        List<String> notes = new ArrayList<>();
        status.path("timeline").forEach(entry -> notes.add(entry.path("note").asText()));
        return notes;
    }

    // --- HTTP -----------------------------------------------------------------------------------------------------

    private static String bearer(String user) {
        return "Bearer " + Tokens.of(stack.keycloakUrl()).user(user);
    }

    private static HttpResponse<String> get(String url, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST; {@code json} null sends no body. */
    private static HttpResponse<String> post(String url, String bearer, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", bearer);
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + FLOW_TIMEOUT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last
                + "\nlogs: " + stack.workDir().resolve("logs"));
    }
}
