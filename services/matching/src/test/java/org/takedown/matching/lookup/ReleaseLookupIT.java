package org.takedown.matching.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;
import org.takedown.events.ReleaseActivated;
import org.takedown.events.Topics;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.pdq.PdqHash;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The internal lookup in one release (what propagation asks when a release is activated) and the
 * {@code releases.activated} event the activation publishes.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
class ReleaseLookupIT {

    private static final String DATASET = "lookup-set";
    private static final String SAME_PICTURE_URL = "https://lookup-it.example/a.png";
    private static final String COPY_URL = "https://mirror.lookup-it.example/a-copy.png";
    private static final String OTHER_URL = "https://lookup-it.example/other.png";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "takedown.matching.dataset.index-root")
    Path indexRoot;

    private String release;

    private static RequestSpecification asService() {
        return given().auth().oauth2(Tokens.shared().service("matching"));
    }

    @BeforeEach
    void activateAFreshRelease() throws IOException {
        release = "r-" + UUID.randomUUID();
        ingest(release);
        given().auth().oauth2(Tokens.shared().user("admin")).contentType(ContentType.JSON).body("{\"name\":\"Lookup set\"}")
                .when().put("/api/v1/datasets/" + DATASET).then().statusCode(anyOf(equalTo(200), equalTo(201)));
        try (KafkaProbe activations = new KafkaProbe(bootstrapServers, Topics.RELEASES_ACTIVATED)) {
            given().auth().oauth2(Tokens.shared().user("admin"))
                    .when().post("/api/v1/datasets/" + DATASET + "/releases/" + release + "/activation").then().statusCode(200);
            ReleaseActivated activated = EventCodec.read(activations.awaitRecord(
                    r -> r.value().contains(release), Duration.ofSeconds(30)).value(), ReleaseActivated.class);
            assertEquals(DATASET, activated.datasetId());
            assertEquals(3, activated.itemCount());
            assertEquals(ReleaseActivated.keyOf(DATASET), activated.requestId());
            assertNotNull(activated.activatedAt());
        }
    }

    @Test
    void aUrlIsFoundAsTheItemsAtItAndAnUnknownOneAsNothing() {
        asService().contentType(ContentType.JSON)
                .body(Map.of("urls", List.of("HTTPS://Lookup-IT.example/a.png", "https://lookup-it.example/not-there.png")))
                .when().post(path()).then().statusCode(200)
                .body("urls.url", containsInAnyOrder(SAME_PICTURE_URL))
                .body("urls.itemId", containsInAnyOrder("l-1"))
                .body("pdq", empty());
    }

    @Test
    void aHashFindsEveryCopyOfThePictureAtDistanceZeroAndNearOnesWithTheirDistance() {
        String hash = asService().contentType(ContentType.JSON).body(Map.of("urls", List.of(SAME_PICTURE_URL)))
                .when().post(path()).then().statusCode(200).extract().path("urls[0].pdq");
        asService().contentType(ContentType.JSON).body(Map.of("pdq", List.of(hash)))
                .when().post(path()).then().statusCode(200)
                .body("pdq.itemId", containsInAnyOrder("l-1", "l-2"))
                .body("pdq.distance", everyItem(equalTo(0)));

        PdqHash near = PdqHash.parse(hash).xor(PdqHash.ofWords(0b10101L, 0, 0, 0));
        asService().contentType(ContentType.JSON).body(Map.of("pdq", List.of(near.toHex())))
                .when().post(path()).then().statusCode(200)
                .body("pdq.itemId", containsInAnyOrder("l-1", "l-2"))
                .body("pdq.distance", everyItem(equalTo(3)))
                .body("pdq.query", everyItem(equalTo(near.toHex())));
    }

    @Test
    void onlyServicesMayLookUp() {
        given().contentType(ContentType.JSON).body(Map.of("urls", List.of(SAME_PICTURE_URL)))
                .when().post(path()).then().statusCode(401);
        given().auth().oauth2(Tokens.shared().vendor("acme")).contentType(ContentType.JSON)
                .body(Map.of("urls", List.of(SAME_PICTURE_URL))).when().post(path()).then().statusCode(403);
    }

    @Test
    void badKeysAndUnknownReleasesAreProblems() {
        asService().contentType(ContentType.JSON).body(Map.of("pdq", List.of("not-a-hash")))
                .when().post(path()).then().statusCode(400).contentType("application/problem+json");
        asService().contentType(ContentType.JSON).body(Map.of("urls", List.of("ftp://lookup-it.example/a.png")))
                .when().post(path()).then().statusCode(400).contentType("application/problem+json");
        asService().contentType(ContentType.JSON).body(Map.of("urls", java.util.Collections.nCopies(1001, SAME_PICTURE_URL)))
                .when().post(path()).then().statusCode(400).contentType("application/problem+json");
        asService().contentType(ContentType.JSON).body(Map.of("urls", List.of(SAME_PICTURE_URL)))
                .when().post("/api/v1/internal/datasets/" + DATASET + "/releases/never-activated/lookup")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anItemsImageComesFromTheFileItWasIngestedFromForReviewersAndServices() throws IOException {
        byte[] expected = SyntheticImages.png(SyntheticImages.picture(12, 256, 256));
        byte[] served = given().auth().oauth2(Tokens.shared().user("reviewer")).queryParam("url", OTHER_URL)
                .when().get(imagePath("l-3")).then().statusCode(200).contentType("image/png")
                .header("X-Content-Type-Options", "nosniff").extract().asByteArray();
        assertArrayEquals(expected, served);
        asService().queryParam("url", OTHER_URL).when().get(imagePath("l-3")).then().statusCode(200);
    }

    @Test
    void anItemsImageIsRefusedToVendorsAndUnknownItemsAreProblems() {
        given().auth().oauth2(Tokens.shared().vendor("acme")).queryParam("url", OTHER_URL)
                .when().get(imagePath("l-3")).then().statusCode(403);
        given().auth().oauth2(Tokens.shared().user("reviewer")).queryParam("url", SAME_PICTURE_URL)
                .when().get(imagePath("l-3")).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.shared().user("reviewer"))
                .when().get(imagePath("l-3")).then().statusCode(400).contentType("application/problem+json");
    }

    private String imagePath(String itemId) {
        return "/api/v1/internal/datasets/" + DATASET + "/releases/" + release + "/items/" + itemId + "/image";
    }

    private String path() {
        return "/api/v1/internal/datasets/" + DATASET + "/releases/" + release + "/lookup";
    }

    /** One picture at two URLs, and another picture. */
    private void ingest(String releaseId) throws IOException {
        Path dir = Files.createTempDirectory("lookup-it");
        Files.write(dir.resolve("a.png"), SyntheticImages.png(SyntheticImages.picture(11, 256, 256)));
        Files.write(dir.resolve("other.png"), SyntheticImages.png(SyntheticImages.picture(12, 256, 256)));
        Path manifest = dir.resolve("manifest.jsonl");
        Files.writeString(manifest, """
                {"id":"l-1","url":"%s","caption":"a","image":"a.png"}
                {"id":"l-2","url":"%s","caption":"a, re-hosted","image":"a.png"}
                {"id":"l-3","url":"%s","caption":"another","image":"other.png"}
                """.formatted(SAME_PICTURE_URL, COPY_URL, OTHER_URL));
        new ReleaseIngester(new ReleaseStore(indexRoot), 100, Long.MAX_VALUE).ingest(manifest, DATASET, releaseId, p -> { });
    }
}
