package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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

    @Test
    void imagesAreStoredSealedAsCleanPngWithoutTheirMetadata() throws IOException {
        String id = multipart().multiPart("images", "selfie.jpg", TestImages.jpegWithExifLocation(), "image/jpeg")
                .multiPart("images", "scan.png", TestImages.png(300, 200), "image/png")
                .when().post("/api/v1/requests")
                .then().statusCode(201).extract().path("id");

        List<EvidenceImage> stored = QuarkusTransaction.requiringNew().call(() ->
                evidence.list("requestId = ?1 order by position", UUID.fromString(id)));
        assertEquals(2, stored.size());
        byte[] png = cipher.openBytes(stored.get(0).pngSealed, stored.get(0).keyId, UUID.fromString(id));
        assertFalse(new String(stored.get(0).pngSealed, StandardCharsets.ISO_8859_1).contains("PNG"), "stored in clear");
        assertFalse(new String(png, StandardCharsets.ISO_8859_1).contains(TestImages.GPS_MARKER), "EXIF survived");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(decoded);
        assertEquals(120, decoded.getWidth());
        assertEquals(80, decoded.getHeight());
        assertEquals(300, stored.get(1).width);
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
