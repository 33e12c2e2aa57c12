package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * Reviewers, admins and services read a claimant's evidence with their own real tokens; everyone
 * else is refused; every read leaves an audit line that cannot be changed.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class EvidenceAccessIT {

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    @Inject
    EntityManager entityManager;

    private final Tokens tokens = Tokens.shared();

    @Test
    void aReviewerSeesTheCleanImagesAndEveryReadIsLoggedWithWhoAndWhy() throws IOException {
        String requestId = submitWithImage();

        JsonPath listed = given().auth().oauth2(tokens.user("reviewer")).header("X-Takedown-Purpose", "case 42")
                .get("/api/v1/internal/requests/{id}/evidence", requestId)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].width", equalTo(120)).extract().jsonPath();
        String evidenceId = listed.getString("[0].id");

        // Kept in the format it came in (a JPEG), without its metadata.
        byte[] jpeg = given().auth().oauth2(tokens.user("reviewer")).header("X-Takedown-Purpose", "case 42")
                .get("/api/v1/internal/requests/{id}/evidence/{e}", requestId, evidenceId)
                .then().statusCode(200).contentType("image/jpeg").header("Cache-Control", "no-store")
                .header("Content-Disposition", containsString(".jpg")).extract().asByteArray();
        assertArrayEquals(JPEG_MAGIC, Arrays.copyOf(jpeg, 3));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(120, image.getWidth());
        assertTrue(!new String(jpeg, StandardCharsets.ISO_8859_1).contains(TestImages.GPS_MARKER), "metadata survived");

        List<Map<String, Object>> log = given().auth().oauth2(tokens.user("admin")).queryParam("requestId", requestId)
                .get("/api/v1/admin/evidence-access").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(2, log.size(), log.toString());
        Map<String, Object> viewed = log.get(0);
        assertEquals("VIEWED", viewed.get("action"));
        assertEquals("reviewer", viewed.get("actor"));
        assertEquals(List.of("reviewer"), viewed.get("actorRoles"));
        assertEquals(evidenceId, viewed.get("evidenceId"));
        assertEquals("case 42", viewed.get("purpose"));
        assertEquals("LISTED", log.get(1).get("action"));
    }

    @Test
    void servicesReadWithTheirOwnTokenAndAreLoggedAsThemselves() throws IOException {
        String requestId = submitWithImage();
        given().auth().oauth2(tokens.service("matching")).get("/api/v1/internal/requests/{id}/evidence", requestId)
                .then().statusCode(200).body("$", hasSize(1));
        Map<String, Object> line = given().auth().oauth2(tokens.user("admin")).queryParam("requestId", requestId)
                .get("/api/v1/admin/evidence-access").then().statusCode(200).extract().jsonPath().getMap("[0]");
        assertEquals("service-account-takedown-matching", line.get("actor"));
        assertEquals("takedown-matching", line.get("clientId"));
    }

    @Test
    void othersAreRefusedAndLeaveNoLine() throws IOException {
        String requestId = submitWithImage();
        given().get("/api/v1/internal/requests/{id}/evidence", requestId).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(tokens.vendor("acme")).get("/api/v1/internal/requests/{id}/evidence", requestId)
                .then().statusCode(403);
        given().auth().oauth2(tokens.user("reviewer")).get("/api/v1/admin/evidence-access").then().statusCode(403);
        given().auth().oauth2(tokens.user("reviewer"))
                .get("/api/v1/internal/requests/{id}/evidence/{e}", requestId, UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(tokens.user("admin")).queryParam("requestId", requestId)
                .get("/api/v1/admin/evidence-access").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void theEvidenceAccessLogCannotBeRewritten() throws IOException {
        String requestId = submitWithImage();
        given().auth().oauth2(tokens.user("admin")).get("/api/v1/internal/requests/{id}/evidence", requestId).then().statusCode(200);
        assertThrows(PersistenceException.class, () -> QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("update intake.evidence_access_log set actor = 'nobody' where request_id = cast(:id as uuid)")
                .setParameter("id", requestId).executeUpdate()));
        assertThrows(PersistenceException.class, () -> QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("delete from intake.evidence_access_log where request_id = cast(:id as uuid)")
                .setParameter("id", requestId).executeUpdate()));
    }

    private static String submitWithImage() throws IOException {
        String request = "{\"claimType\":\"LIKENESS\",\"claimant\":{\"email\":\"face-" + UUID.randomUUID() + "@example.org\"}}";
        return given().header("X-Forwarded-For", "198.51.100." + (int) (Math.random() * 200 + 1))
                .multiPart("request", "request.json", request.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("images", "selfie.jpg", TestImages.jpegWithExifLocation(), "image/jpeg")
                .post("/api/v1/requests").then().statusCode(201).extract().path("id");
    }
}
