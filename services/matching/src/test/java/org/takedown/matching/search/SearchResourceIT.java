package org.takedown.matching.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.evidence.FakeIntake;
import org.takedown.matching.hash.TestImages;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * Pre-filing search over HTTP without a token, against FakeIntake's release: captions by BM25 and
 * paged; an image finds its resized, mirrored and cropped copies and nothing else; bad images are
 * refused like by POST /api/v1/hashes; too many searches get 429 with Retry-After (last, since it
 * empties this address's bucket; the test profile refills it at 10 tokens a second).
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
@WithTestResource(FakeIntake.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchResourceIT {

    @Test
    @Order(1)
    void captionSearchNeedsNoTokenRanksAndPages() {
        JsonPath all = given().queryParam("q", "Something ELSE").queryParam("size", 50).get("/api/v1/search/captions")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(FakeIntake.DATASET, all.getString("datasetId"));
        assertEquals(20, all.getLong("total"));
        List<String> ids = all.getList("items.itemId");
        assertEquals(20, ids.size());
        assertTrue(ids.stream().allMatch(id -> id.startsWith("unrelated-")), ids.toString());
        assertEquals("CAPTION_TEXT", all.getString("items[0].signal"));
        assertTrue(all.getDouble("items[0].score") > 0);
        assertTrue(all.getString("items[0].url").startsWith("https://cdn.example.net/"));
        assertEquals("something else", all.getString("items[0].caption"));

        JsonPath second = given().queryParam("q", "something else").queryParam("page", 1).queryParam("size", 5)
                .get("/api/v1/search/captions").then().statusCode(200).extract().jsonPath();
        assertEquals(ids.subList(5, 10), second.getList("items.itemId"));
        assertEquals(20, second.getLong("total"));

        given().queryParam("q", "cropped copy").get("/api/v1/search/captions").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].itemId", equalTo("copy-cropped"));
    }

    @Test
    @Order(2)
    void badCaptionQueriesAre400() {
        assertProblem(given().get("/api/v1/search/captions"), 400, "invalid-request");
        assertProblem(given().queryParam("q", "x".repeat(201)).get("/api/v1/search/captions"), 400, "invalid-request");
        assertProblem(given().queryParam("q", "a").queryParam("size", 51).get("/api/v1/search/captions"), 400, "invalid-request");
        assertProblem(given().queryParam("q", "a").queryParam("page", -1).get("/api/v1/search/captions"), 400, "invalid-request");
        assertProblem(given().queryParam("q", "a").queryParam("page", 100).queryParam("size", 50)
                .get("/api/v1/search/captions"), 400, "invalid-request");
        given().queryParam("q", "a").queryParam("page", "x").get("/api/v1/search/captions").then().statusCode(404);
    }

    @Test
    @Order(3)
    void anImageFindsItsNearDuplicatesOnlyWithoutAToken() {
        JsonPath found = image("me.png", SyntheticImages.png(SyntheticImages.picture(1, 640, 480)), "image/png")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("copy-cropped", "copy-flipped", "copy-resized"),
                found.getList("items.itemId", String.class).stream().sorted().toList());
        assertEquals(false, found.getBoolean("lowQuality"));
        for (int i = 0; i < 3; i++) {
            String signal = found.getString("items[" + i + "].signal");
            assertEquals(found.getString("items[" + i + "].itemId").equals("copy-cropped") ? "PDQ_CROP" : "PDQ", signal);
            assertTrue(found.getDouble("items[" + i + "].score") <= 31, "a PDQ distance");
        }

        image("other.jpg", SyntheticImages.jpeg(SyntheticImages.picture(4242, 640, 480), 0.9f), "image/jpeg")
                .then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    @Order(4)
    void aFlatImageIsReportedLowQualityNotSearched() {
        image("flat.png", TestImages.encode(new java.awt.image.BufferedImage(200, 200, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png"), "image/png").then().statusCode(200).body("lowQuality", equalTo(true)).body("items.size()", equalTo(0));
    }

    @Test
    @Order(5)
    void badImagesAreRefusedLikeByTheHashApi() {
        assertProblem(image("logo.svg", TestImages.SVG, "image/svg+xml"), 415, "unsupported-image-type");
        assertProblem(image("empty.png", new byte[0], "image/png"), 400, "empty-image");
        assertProblem(image("cut.jpg", TestImages.truncated(TestImages.encode(TestImages.photo(400, 300, 3), "jpeg")),
                "image/jpeg"), 400, "damaged-image");
        assertProblem(image("bomb.png", TestImages.pngClaiming(50_000, 50_000), "image/png"), 413, "image-too-many-pixels");
        byte[] big = new byte[1_500_000];
        new Random(1).nextBytes(big);
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        assertProblem(image("big.jpg", big, "image/jpeg"), 413, "image-too-large");
        assertProblem(given().multiPart("file", "x.png", new byte[] {1, 2, 3}, "image/png").post("/api/v1/search/images"),
                400, "invalid-request");
    }

    @Test
    @Order(6)
    void anyValidTokenMayCallItToo() {
        given().auth().oauth2(Tokens.shared().vendor("acme")).queryParam("q", "copy").get("/api/v1/search/captions")
                .then().statusCode(200);
    }

    @Test
    @Order(100)
    void tooManySearchesFromOneAddressGet429WithRetryAfter() {
        Response refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            Response r = given().queryParam("q", "copy").get("/api/v1/search/captions");
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                assertEquals(200, r.statusCode());
            }
        }
        assertTrue(refused != null, "the bucket (40 tokens, 10 a second) ran dry");
        assertProblem(refused, 429, "too-many-searches");
        long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
    }

    private static Response image(String name, byte[] data, String type) {
        return given().multiPart("image", name, data, type).post("/api/v1/search/images");
    }

    private static void assertProblem(Response response, int status, String type) {
        response.then().statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://takedown.org/problems/" + type))
                .body("status", equalTo(status));
    }
}
