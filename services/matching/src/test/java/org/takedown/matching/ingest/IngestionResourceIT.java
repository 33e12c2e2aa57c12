package org.takedown.matching.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** The admin API over HTTP, on a data set the service does not serve (so other tests keep their release). */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
class IngestionResourceIT {

    private static io.restassured.specification.RequestSpecification asAdmin() {
        return given().auth().oauth2(Tokens.shared().user("admin"));
    }

    @Test
    void ingestionIsForAdminsOnly() {
        given().when().get(path("any")).then().statusCode(401);
        given().auth().oauth2(Tokens.shared().user("reviewer")).when().get(path("any")).then().statusCode(403);
        given().auth().oauth2(Tokens.shared().vendor("acme")).contentType(ContentType.JSON).body("{\"manifest\":\"x.jsonl\"}")
                .post(path("any")).then().statusCode(403);
    }

    private static final Path INBOX = Path.of("target/ingest-inbox");

    private static String manifest(int rows, int badEvery) throws IOException {
        Files.createDirectories(INBOX);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            sb.append(i % badEvery == 0 ? "not json" : "{\"id\":\"r" + i + "\",\"url\":\"https://example.net/" + i + ".jpg\"}")
                    .append('\n');
        }
        String name = "m-" + UUID.randomUUID() + ".jsonl";
        Files.writeString(INBOX.resolve(name), sb);
        return name;
    }

    private static String path(String release) {
        return "/api/v1/admin/releases/other-set/" + release + "/ingestion";
    }

    @Test
    void ingestsAManifestFromTheInboxAndReportsProgressAndBadRows() throws Exception {
        String release = "r-" + UUID.randomUUID();
        String manifest = manifest(1_000, 250);

        asAdmin().contentType(ContentType.JSON).body("{\"manifest\":\"" + manifest + "\"}")
                .when().post(path(release))
                .then().statusCode(202).body("state", equalTo("RUNNING"));

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String state = "RUNNING";
        while (state.equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling interval
            state = asAdmin().when().get(path(release)).then().statusCode(200).extract().path("state");
        }
        assertEquals("PUBLISHED", state);
        asAdmin().when().get(path(release)).then().statusCode(200)
                .body("goodRows", equalTo(996)).body("badRows", equalTo(4)).body("percent", equalTo(100.0f))
                .body("serving", equalTo(false)).body("badRowSamples[0].line", equalTo(250));

        asAdmin().contentType(ContentType.JSON).body("{\"manifest\":\"" + manifest + "\"}")
                .when().post(path(release))
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("release-published"));
    }

    @Test
    void aManifestOutsideTheInboxIsRefused() {
        asAdmin().contentType(ContentType.JSON).body("{\"manifest\":\"../../pom.xml\"}")
                .when().post(path("r1"))
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anUnknownManifestIsRefused() {
        asAdmin().contentType(ContentType.JSON).body("{\"manifest\":\"no-such.jsonl\"}")
                .when().post(path("r1"))
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anInvalidReleaseIdIsRefused() {
        asAdmin().contentType(ContentType.JSON).body("{\"manifest\":\"x.jsonl\"}")
                .when().post("/api/v1/admin/releases/other-set/.hidden/ingestion")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theStatusOfAnIngestionThatNeverStartedIsNotFound() {
        asAdmin().when().get(path("never-" + UUID.randomUUID())).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
