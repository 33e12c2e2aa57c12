package org.takedown.matching.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.demo.WebDatasetWriter;
import org.takedown.matching.evidence.FakeIntake;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqResult;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The pre-filing search across every ACTIVE release (ADR 025), without a token: a hash made on the searcher's device
 * finds the near-duplicates in the configured release (FakeIntake's) and in a second release the registry activated,
 * each under its data set and release; captions likewise; bad hashes are problems; a flat hash is not searched; too
 * many searches get 429 (near the end: it empties this address's bucket, and waits for it to refill for the classes
 * after); the second release is retired at the end.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
@WithTestResource(FakeIntake.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActiveReleasesSearchIT {

    private static final String SECOND = "hash-search-b";
    private static final BufferedImage MINE = SyntheticImages.picture(1, 640, 480);

    @ConfigProperty(name = "takedown.matching.dataset.index-root")
    Path indexRoot;

    private static final String release = "r-" + UUID.randomUUID();
    private static boolean activated;

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(Tokens.shared().user("admin"));
    }

    /** Once per class: a second release, with a copy of MINE and another picture, ingested and made ACTIVE. */
    @BeforeEach
    void activateASecondRelease() throws IOException {
        if (activated) {
            return;
        }
        activated = true;
        Path shard = Files.createTempFile("active-search-it", ".tar");
        try (WebDatasetWriter w = new WebDatasetWriter(shard)) {
            w.add("b-copy", "jpg", SyntheticImages.jpeg(SyntheticImages.resize(MINE, 400, 300), 0.85f),
                    "my picture, copied again", "{\"key\":\"b-copy\",\"url\":\"https://b.example/b-copy.jpg\"}");
            w.add("b-other", "jpg", SyntheticImages.jpeg(SyntheticImages.picture(77, 400, 300), 0.85f),
                    "someone else's picture", "{\"key\":\"b-other\",\"url\":\"https://b.example/b-other.jpg\"}");
        }
        new ReleaseIngester(new ReleaseStore(indexRoot), 100, Long.MAX_VALUE).ingest(shard, SECOND, release, p -> { });
        asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"Second set\",\"maintainerContact\":\"datasets@example.org\","
                        + "\"homeUrl\":\"https://example.org/b\",\"licenceUrl\":\"https://example.org/licence\"}")
                .when().put("/api/v1/datasets/" + SECOND).then().statusCode(anyOf(equalTo(200), equalTo(201)));
        asAdmin().when().put("/api/v1/datasets/" + SECOND + "/releases/" + release).then().statusCode(201);
        asAdmin().when().post("/api/v1/datasets/" + SECOND + "/releases/" + release + "/activation").then().statusCode(200)
                .body("state", equalTo("ACTIVE"));
    }

    @Test
    @Order(200)
    void retireTheSecondRelease() {
        asAdmin().when().post("/api/v1/datasets/" + SECOND + "/releases/" + release + "/retirement").then().statusCode(200);
    }

    @Test
    @Order(1)
    void aDeviceHashFindsItsNearDuplicatesInEveryActiveRelease() {
        PdqResult hash = PdqImages.hash(MINE);
        JsonPath found = hashes(Map.of("pdq", hash.hash().toHex(), "quality", hash.quality())).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(false, found.getBoolean("lowQuality"));
        List<String> configured = items(found, FakeIntake.DATASET, FakeIntake.RELEASE);
        assertTrue(configured.contains("copy-resized"), configured.toString());
        assertTrue(configured.stream().noneMatch(id -> id.startsWith("unrelated-")), configured.toString());
        assertEquals(List.of("b-copy"), items(found, SECOND, release));
        String url = found.getString("releases.find { it.datasetId == '" + SECOND + "' }.items[0].url");
        assertEquals("https://b.example/b-copy.jpg", url);
        assertEquals("PDQ", found.getString("releases.find { it.datasetId == '" + SECOND + "' }.items[0].signal"));

        PdqResult other = PdqImages.hash(SyntheticImages.picture(4242, 640, 480));
        JsonPath none = hashes(Map.of("pdq", other.hash().toHex(), "quality", other.quality())).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(), items(none, FakeIntake.DATASET, FakeIntake.RELEASE));
        assertEquals(List.of(), items(none, SECOND, release));
    }

    @Test
    @Order(2)
    void captionsAreSearchedInEveryActiveReleaseToo() {
        JsonPath found = given().queryParam("q", "picture copied").get("/api/v1/search/captions/active").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("b-copy"), items(found, SECOND, release).subList(0, 1));
        assertNotNull(found.get("releases.find { it.datasetId == '" + FakeIntake.DATASET + "' }"), "the configured release too");
        JsonPath other = given().queryParam("q", "mirrored").get("/api/v1/search/captions/active").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("copy-flipped"), items(other, FakeIntake.DATASET, FakeIntake.RELEASE));
        assertEquals(List.of(), items(other, SECOND, release));
    }

    @Test
    @Order(3)
    void badHashesAreProblemsAndAFlatHashIsNotSearched() {
        String hex = "f".repeat(64);
        assertProblem(hashes(Map.of("pdq", "abc", "quality", 100)));
        assertProblem(hashes(Map.of("pdq", "g".repeat(64), "quality", 100)));
        assertProblem(hashes(Map.of("pdq", hex, "quality", 101)));
        assertProblem(hashes(Map.of("pdq", hex)));
        assertProblem(given().contentType(ContentType.JSON).body("").post("/api/v1/search/hashes"));
        assertProblem(given().get("/api/v1/search/captions/active"));
        hashes(Map.of("pdq", "0".repeat(64), "quality", 0)).then().statusCode(200).body("lowQuality", equalTo(true))
                .body("releases.size()", equalTo(0));
    }

    @Test
    @Order(100)
    void tooManyHashSearchesFromOneAddressGet429WithRetryAfter() throws InterruptedException {
        PdqResult hash = PdqImages.hash(MINE);
        Response refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            Response r = hashes(Map.of("pdq", hash.hash().toHex(), "quality", hash.quality()));
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                assertEquals(200, r.statusCode());
            }
        }
        assertNotNull(refused, "the bucket (40 tokens, 10 a second) ran dry");
        refused.then().contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://takedown.org/problems/too-many-searches"));
        long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        Thread.sleep(4_500); // the bucket is full again for the test classes that share this application
    }

    private static Response hashes(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/search/hashes");
    }

    private static List<String> items(JsonPath found, String dataset, String release) {
        List<String> ids = found.getList("releases.find { it.datasetId == '" + dataset + "' && it.releaseId == '" + release
                + "' }.items.itemId", String.class);
        assertNotNull(ids, dataset + "/" + release + " was searched: " + found.prettify());
        return ids;
    }

    private static void assertProblem(Response response) {
        response.then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://takedown.org/problems/invalid-request"));
    }
}
