package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.evidence.EvidenceImage;
import org.takedown.intake.evidence.EvidenceImageRepository;
import org.takedown.intake.evidence.ImageType;
import org.takedown.events.Topics;
import org.takedown.testing.KafkaProbe;
import java.time.Duration;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class EvidenceUploadIT {

    private static final String REQUEST = """
            {"claimType":"LIKENESS","claimant":{"email":"face@example.org","name":"Ada"}}""";

    @Inject
    EntityManager entityManager;

    @Inject
    EvidenceImageRepository evidence;

    @Inject
    PersonalDataCipher cipher;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void imagesAreStoredSealedInTheirFormatWithoutTheirMetadata() throws IOException {
        String id = multipart().multiPart("images", "selfie.jpg", TestImages.jpegWithExifLocation(), "image/jpeg")
                .multiPart("images", "scan.png", TestImages.pngWithTextChunks(), "image/png")
                .when().post("/api/v1/requests")
                .then().statusCode(201).extract().path("id");

        List<EvidenceImage> stored = QuarkusTransaction.requiringNew().call(() ->
                evidence.list("requestId = ?1 order by position", UUID.fromString(id)));
        assertEquals(2, stored.size());
        byte[] jpeg = cipher.openBytes(stored.get(0).imageSealed, stored.get(0).keyId, UUID.fromString(id));
        assertFalse(new String(stored.get(0).imageSealed, StandardCharsets.ISO_8859_1).contains("JFIF"), "stored in clear");
        assertEquals(ImageType.JPEG, stored.get(0).storedType);
        assertEquals(0xD8, jpeg[1] & 0xFF, "not a JPEG");
        assertFalse(new String(jpeg, StandardCharsets.ISO_8859_1).contains(TestImages.GPS_MARKER), "EXIF survived");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertNotNull(decoded);
        assertEquals(120, decoded.getWidth());
        assertEquals(80, decoded.getHeight());
        assertEquals(120, stored.get(0).width);

        byte[] png = cipher.openBytes(stored.get(1).imageSealed, stored.get(1).keyId, UUID.fromString(id));
        assertEquals(ImageType.PNG, stored.get(1).storedType);
        String pngText = new String(png, StandardCharsets.ISO_8859_1);
        assertFalse(pngText.contains(TestImages.GPS_MARKER), "PNG text chunks survived");
        assertFalse(pngText.contains("tIME"), "PNG time stamp survived");
        assertEquals(60, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
        assertEquals(60, stored.get(1).width);
    }

    @Test
    void storedImagesAreDecodedOffTheRequestPathBeforeTheRequestIsReleased() {
        String id = multipart().multiPart("images", "selfie.jpg", TestImages.jpeg(64, 48), "image/jpeg")
                .when().post("/api/v1/requests")
                .then().statusCode(201).body("status", equalTo("SUBMITTED")).extract().path("id");
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            probe.awaitRecord(KafkaProbe.keyed(id), Duration.ofSeconds(30));
        }
        EvidenceImage image = QuarkusTransaction.requiringNew().call(() ->
                evidence.find("requestId", UUID.fromString(id)).singleResult());
        assertEquals(EvidenceImage.CheckStatus.DECODED, image.checkStatus);
        assertNotNull(image.checkedAt);
    }

    @Test
    void imagesLeftUncheckedByARestartAreClaimedFromTheDatabaseAndTheRequestIsReleased() {
        String id = multipart().multiPart("images", "selfie.jpg", TestImages.jpeg(64, 48), "image/jpeg")
                .when().post("/api/v1/requests")
                .then().statusCode(201).extract().path("id");
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            probe.awaitRecord(KafkaProbe.keyed(id), Duration.ofSeconds(30));
            // As if the replica had died after accepting the request and before checking its image: only the
            // rows in PostgreSQL say what is left to do, and the periodic check finds them.
            QuarkusTransaction.requiringNew().run(() -> {
                entityManager.createNativeQuery("UPDATE intake.evidence_image SET check_status = 'PENDING', checked_at = NULL"
                        + " WHERE request_id = :id").setParameter("id", UUID.fromString(id)).executeUpdate();
                entityManager.createNativeQuery("UPDATE intake.takedown_request SET release_pending = TRUE WHERE id = :id")
                        .setParameter("id", UUID.fromString(id)).executeUpdate();
            });
            int before = (int) probe.seen().stream().filter(KafkaProbe.keyed(id)).count();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (probe.seen().stream().filter(KafkaProbe.keyed(id)).count() == before && System.nanoTime() < deadline) {
                probe.drain(Duration.ofMillis(300));
            }
            assertEquals(before + 1, probe.seen().stream().filter(KafkaProbe.keyed(id)).count(),
                    "the request was not released again after its image was checked");
        }
        EvidenceImage image = QuarkusTransaction.requiringNew().call(() ->
                evidence.find("requestId", UUID.fromString(id)).singleResult());
        assertEquals(EvidenceImage.CheckStatus.DECODED, image.checkStatus);
    }

    @Test
    void aRequestWhoseImageDoesNotDecodeIsRejectedWithAReasonAndNeverPublished() {
        var receipt = multipart().multiPart("images", "damaged.png", TestImages.pngWithDamagedPixels(80, 60), "image/png")
                .when().post("/api/v1/requests")
                .then().statusCode(201).extract().jsonPath();
        String id = receipt.getString("id");
        var view = Claimants.await(new Claimants.Receipt(UUID.fromString(id), receipt.getString("accessToken")),
                status -> "REJECTED".equals(status.getString("status")), "status REJECTED");
        assertTrue(view.getString("explanation").contains("could not be opened"), view.getString("explanation"));
        EvidenceImage image = QuarkusTransaction.requiringNew().call(() ->
                evidence.find("requestId", UUID.fromString(id)).singleResult());
        assertEquals(EvidenceImage.CheckStatus.UNDECODABLE, image.checkStatus);
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            assertFalse(probe.drain(Duration.ofSeconds(3)).stream().anyMatch(KafkaProbe.keyed(id)),
                    "a request with an undecodable image was published");
        }
    }

    @Test
    void webpIsAccepted() throws IOException {
        byte[] webp;
        try (InputStream in = getClass().getResourceAsStream("/images/gradient.webp")) {
            webp = in.readAllBytes();
        }
        multipart().multiPart("images", "gradient.webp", webp, "image/webp")
                .when().post("/api/v1/requests").then().statusCode(201);
    }

    static List<Arguments> hostileUploads() {
        return List.of(
                Arguments.of("PNG named .jpg", "photo.jpg", TestImages.png(40, 40), "image/jpeg", 415, "image-type-mismatch"),
                Arguments.of("text file", "notes.txt", "just some words".getBytes(StandardCharsets.UTF_8), "text/plain", 415,
                        "unsupported-image-type"),
                Arguments.of("SVG", "vector.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                        .getBytes(StandardCharsets.UTF_8), "image/svg+xml", 415, "unsupported-image-type"),
                Arguments.of("HTML", "page.html", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8), "text/html",
                        415, "unsupported-image-type"),
                Arguments.of("truncated JPEG", "cut.jpg", TestImages.truncated(TestImages.jpeg(400, 300)), "image/jpeg", 422,
                        "truncated-image"),
                Arguments.of("decompression bomb", "bomb.png", TestImages.decompressionBomb(), "image/png", 413, "image-too-large"),
                Arguments.of("zero bytes", "empty.jpg", new byte[0], "image/jpeg", 400, "empty-upload"),
                Arguments.of("11 MB", "huge.jpg", TestImages.oversized(11L * 1024 * 1024), "image/jpeg", 413, "upload-too-large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileUploads")
    void hostileUploadIsRefusedClearlyAndNothingIsStored(String name, String fileName, byte[] content, String type,
            int status, String problem) {
        long[] before = counts();

        multipart().multiPart("images", "fine.png", TestImages.png(50, 50), "image/png")
                .multiPart("images", fileName, content, type)
                .when().post("/api/v1/requests")
                .then().statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("https://takedown.org/problems/" + problem))
                .body("errors.field", hasItem("images[1]"));

        assertEquals(before[0], counts()[0], "requests written");
        assertEquals(before[1], counts()[1], "images written");
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void moreImagesThanAllowedAreRefused() {
        RequestSpecification request = multipart();
        for (int i = 0; i < 6; i++) {
            request = request.multiPart("images", "i" + i + ".png", TestImages.png(20, 20), "image/png");
        }
        request.when().post("/api/v1/requests").then().statusCode(400).body("errors.field", hasItem("images"));
    }

    @Test
    void hugeJsonBodyIsRefused() {
        String urls = IntStream.range(0, 100_000).mapToObj(i -> "\"https://images.example.org/a/very/long/path/" + i + ".jpg\"")
                .collect(Collectors.joining(","));
        long before = counts()[0];

        given().contentType(ContentType.JSON)
                .body("{\"claimType\":\"COPYRIGHT\",\"claimant\":{\"email\":\"a@example.org\"},\"imageUrls\":[" + urls + "]}")
                .when().post("/api/v1/requests")
                .then().statusCode(413).contentType("application/problem+json").body("detail", containsString("MiB"));

        assertEquals(before, counts()[0]);
    }

    private static RequestSpecification multipart() {
        return given().multiPart("request", "request.json", REQUEST.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private long[] counts() {
        return QuarkusTransaction.requiringNew().call(() -> new long[] {
                ((Number) entityManager.createNativeQuery("SELECT count(*) FROM intake.takedown_request").getSingleResult()).longValue(),
                ((Number) entityManager.createNativeQuery("SELECT count(*) FROM intake.evidence_image").getSingleResult()).longValue()});
    }
}
