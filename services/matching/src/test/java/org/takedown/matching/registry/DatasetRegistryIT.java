package org.takedown.matching.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.RequestVerified;
import org.takedown.events.Topics;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The registry over HTTP and what it changes in matching: the configured release is its seed, an activated
 * release is searched beside it (each candidate naming its data set and release), a request may name the data
 * sets to search, and a retired release is searched no more.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
class DatasetRegistryIT {

    private static final String SHARED_URL = "https://images.example.org/cats/2.jpg";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "takedown.matching.dataset.index-root")
    Path indexRoot;

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(Tokens.shared().user("admin"));
    }

    @Test
    void theListIsPublicAndShowsTheConfiguredReleaseAsActive() {
        given().when().get("/api/v1/datasets").then().statusCode(200)
                .body("find { it.id == 'test-set' }.releases.find { it.id == '2026-01' }.state", equalTo("ACTIVE"))
                .body("find { it.id == 'test-set' }.releases.find { it.id == '2026-01' }.itemCount", equalTo(5))
                .body("find { it.id == 'test-set' }.releases.find { it.id == '2026-01' }.backend", equalTo("memory"));
    }

    @Test
    void changesAreForAdminsOnly() {
        String body = "{\"name\":\"X\"}";
        given().contentType(ContentType.JSON).body(body).when().put("/api/v1/datasets/x").then().statusCode(401);
        given().auth().oauth2(Tokens.shared().user("reviewer")).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/datasets/x").then().statusCode(403);
        given().auth().oauth2(Tokens.shared().vendor("acme")).when().post("/api/v1/datasets/test-set/releases/2026-01/retirement")
                .then().statusCode(403);
    }

    @Test
    void aRegistrationWithoutANameOrWithABadUrlIsAProblemAndNothingIsWritten() {
        asAdmin().contentType(ContentType.JSON).body("{\"homeUrl\":\"https://example.org\"}")
                .when().put("/api/v1/datasets/nameless").then().statusCode(400).contentType("application/problem+json");
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"N\",\"licenceUrl\":\"javascript:alert(1)\"}")
                .when().put("/api/v1/datasets/nameless").then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/v1/datasets/nameless").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aReleaseThatIsNotPublishedCannotBeActivated() {
        register("registry-b");
        asAdmin().when().post("/api/v1/datasets/registry-b/releases/never-ingested/activation")
                .then().statusCode(409).body("type", endsWith("release-not-published"));
        asAdmin().when().post("/api/v1/datasets/no-such-set/releases/r1/activation").then().statusCode(404);
    }

    @Test
    void anActivatedReleaseIsSearchedBesideTheConfiguredOneUntilItIsRetired() throws IOException {
        String release = "r-" + UUID.randomUUID();
        ingest("registry-a", release);
        register("registry-a");
        asAdmin().when().put("/api/v1/datasets/registry-a/releases/" + release).then().statusCode(201);
        given().when().get("/api/v1/datasets/registry-a").then().statusCode(200)
                .body("maintainerContact", equalTo("datasets@example.org"))
                .body("releases.find { it.id == '" + release + "' }.state", equalTo("INGESTING"));

        asAdmin().when().post("/api/v1/datasets/registry-a/releases/" + release + "/activation")
                .then().statusCode(200).body("state", equalTo("ACTIVE")).body("itemCount", equalTo(2));
        try {
            MatchesFound both = match(List.of());
            assertEquals(MatchesFound.SEVERAL, both.datasetId());
            assertEquals(List.of("registry-a/" + release + "/a-1", "test-set/2026-01/m-2"), keys(both));

            MatchesFound named = match(List.of("registry-a"));
            assertEquals(List.of("registry-a/" + release + "/a-1"), keys(named));
            assertEquals("registry-a", named.datasetId());
            assertEquals(release, named.releaseId());
        } finally {
            asAdmin().when().post("/api/v1/datasets/registry-a/releases/" + release + "/retirement")
                    .then().statusCode(200).body("state", equalTo("RETIRED"));
        }
        assertEquals(List.of("test-set/2026-01/m-2"), keys(match(List.of())));
        asAdmin().when().post("/api/v1/datasets/registry-a/releases/" + release + "/activation")
                .then().statusCode(409).body("type", endsWith("release-retired"));
        given().when().get("/api/v1/datasets").then().statusCode(200)
                .body("id", hasItem("registry-a"));
    }

    private static void register(String dataset) {
        asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"Registry test set\",\"maintainerContact\":\"datasets@example.org\","
                        + "\"homeUrl\":\"https://example.org/sets\",\"licenceUrl\":\"https://example.org/licence\"}")
                .when().put("/api/v1/datasets/" + dataset).then().statusCode(anyOf(equalTo(200), equalTo(201)));
    }

    /** A release with one item at the URL test-set's m-2 has too, and one elsewhere. */
    private void ingest(String dataset, String release) throws IOException {
        Path manifest = Files.createTempFile("registry-it", ".jsonl");
        Files.writeString(manifest, """
                {"id":"a-1","url":"%s","caption":"two cats, again"}
                {"id":"a-2","url":"https://registry-it.example/only-here.jpg","caption":"elsewhere"}
                """.formatted(SHARED_URL));
        new ReleaseIngester(new ReleaseStore(indexRoot), 100, Long.MAX_VALUE).ingest(manifest, dataset, release, p -> { });
    }

    private static List<String> keys(MatchesFound found) {
        return found.candidates().stream().map(c -> c.datasetIn(found) + "/" + c.releaseIn(found) + "/" + c.itemId())
                .sorted().toList();
    }

    private MatchesFound match(List<String> datasets) {
        RequestVerified verified = new RequestVerified(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, List.of(SHARED_URL), List.of(), 0, 0, 0, List.of(), datasets);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe matches = new KafkaProbe(bootstrapServers, Topics.MATCHES_FOUND)) {
            sender.send(verified);
            return EventCodec.read(matches.awaitRecord(KafkaProbe.keyed(verified.requestId()), Duration.ofSeconds(30)).value(),
                    MatchesFound.class);
        }
    }
}
