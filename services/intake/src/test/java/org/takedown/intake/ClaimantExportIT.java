package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** GDPR Art. 15: the claimant downloads everything intake holds about their request; the download is logged. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class ClaimantExportIT {

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    @Test
    void theExportHoldsContactDataStatementsTargetsMessagesAndImages() throws IOException {
        String email = "export-" + UUID.randomUUID() + "@example.org";
        String request = """
                {"claimType":"LIKENESS","claimant":{"email":"%s","name":"Erika Export"},
                 "imageUrls":["https://images.example.org/erika.jpg"],"textQueries":["Erika Export"],
                 "statements":{"noConsentStatement":true,"jurisdiction":"DE"}}""".formatted(email);
        var receipt = given().header("X-Forwarded-For", Claimants.randomAddress())
                .multiPart("request", "request.json", request.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("images", "me.jpg", TestImages.jpegWithExifLocation(), "image/jpeg")
                .post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
        Claimants.Receipt claimant = new Claimants.Receipt(UUID.fromString(receipt.getString("id")),
                receipt.getString("accessToken"));
        given().auth().oauth2(Tokens.shared().user("reviewer")).contentType(ContentType.JSON)
                .body("{\"kind\":\"INFORMATION_REQUEST\",\"text\":\"Which year was it taken?\"}")
                .post("/api/v1/internal/requests/{id}/messages", claimant.id()).then().statusCode(201);

        byte[] zip = given().header("X-Claimant-Token", claimant.token()).header("X-Forwarded-For", Claimants.randomAddress())
                .when().get("/api/v1/requests/{id}/export", claimant.id())
                .then().statusCode(200).contentType("application/zip").header("Cache-Control", "no-store")
                .extract().asByteArray();
        Map<String, byte[]> files = unzip(zip);
        assertEquals(List.of("evidence/1.jpg", "request.json"), files.keySet().stream().sorted().toList());
        assertArrayEquals(JPEG_MAGIC, Arrays.copyOf(files.get("evidence/1.jpg"), 3));

        JsonNode held = new ObjectMapper().readTree(files.get("request.json"));
        assertEquals(email, held.at("/contact/email").asText());
        assertEquals("Erika Export", held.at("/contact/name").asText());
        assertEquals("DE", held.at("/statements/jurisdiction").asText());
        assertEquals("https://images.example.org/erika.jpg", held.at("/targets/imageUrls/0").asText());
        assertEquals("Erika Export", held.at("/targets/textQueries/0").asText());
        assertEquals("Which year was it taken?", held.at("/messages/0/text").asText());
        assertEquals("SUBMITTED", held.at("/timeline/0/status").asText());
        assertEquals("CONFIRM_ADDRESS", held.at("/emails/0/kind").asText());
        assertEquals("evidence/1.jpg", held.at("/evidenceImages/0/file").asText());

        List<Map<String, Object>> log = given().auth().oauth2(Tokens.shared().user("admin"))
                .queryParam("requestId", claimant.id()).get("/api/v1/admin/evidence-access")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, log.size(), log.toString());
        assertEquals("claimant", log.get(0).get("actor"));
        assertEquals("EXPORTED", log.get(0).get("action"));
    }

    @Test
    void theStatusPageOffersTheDownloadAndAWrongTokenGetsNothing() throws IOException {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        String csrf = Claimants.csrfCookie();
        assertTrue(Claimants.statusPage(receipt, csrf).contains("Download everything we hold"));
        byte[] zip = given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                .when().post("/status/{id}/export", receipt.id()).then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"takedown-request-" + receipt.id() + ".zip\"")
                .extract().asByteArray();
        assertTrue(unzip(zip).containsKey("request.json"));

        given().header("X-Claimant-Token", "wrong").header("X-Forwarded-For", Claimants.randomAddress())
                .when().get("/api/v1/requests/{id}/export", receipt.id()).then().statusCode(404)
                .contentType("application/problem+json");
        given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", "wrong")
                .header("X-Forwarded-For", Claimants.randomAddress())
                .when().post("/status/{id}/export", receipt.id()).then().statusCode(404).contentType(org.hamcrest.Matchers.containsString("text/html"));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
