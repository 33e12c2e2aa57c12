package org.takedown.matching.hash;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.takedown.matching.pdq.TestData;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** The HTTP face of hashing: status codes and problem types; the test profile caps uploads at 1 MiB and 4 MP. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
class HashResourceIT {

    /** pen-and-coaster.png as published by facebook/ThreatExchange (shared/testdata/pdq/reference-hashes.tsv). */
    private static final String COASTER_PDQ = "1f811b9d267fbc6693c0c7f30e041f9df49b836303e10f067fcdfc12c02d01f9";

    @Test
    void pngNamedJpegIsSniffedAndHashedLikeTheReference() throws Exception {
        byte[] png = Files.readAllBytes(TestData.image("pen-and-coaster.png"));

        upload("coaster.jpg", png, "image/jpeg")
                .then().statusCode(200)
                .body("pdq", equalTo(COASTER_PDQ))
                .body("quality", equalTo(100))
                .body("lowQuality", equalTo(false))
                .body("format", equalTo("png"))
                .body("dihedral", hasKey("rot90"))
                .body("dihedral", hasKey("flipMinus1"));
    }

    @Test
    void hashingNeedsAToken() throws Exception {
        byte[] png = Files.readAllBytes(TestData.image("pen-and-coaster.png"));
        given().multiPart("image", "a.png", png, "image/png").post("/api/v1/hashes").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void lowQualityIsReportedNotRefused() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestData.image("labelme-subset/q0003.jpg"));

        upload("q.jpg", jpeg, "image/jpeg")
                .then().statusCode(200)
                .body("quality", equalTo(3))
                .body("lowQuality", equalTo(true));
    }

    @Test
    void htmlNamedJpegIs415() {
        assertProblem(upload("cat.jpg", TestImages.HTML, "image/jpeg"), 415, "unsupported-image-type");
    }

    @Test
    void svgIs415() {
        assertProblem(upload("logo.svg", TestImages.SVG, "image/svg+xml"), 415, "unsupported-image-type");
    }

    @Test
    void zeroBytesIs400() {
        assertProblem(upload("empty.png", new byte[0], "image/png"), 400, "empty-image");
    }

    @Test
    void truncatedFileIs400() {
        byte[] jpeg = TestImages.encode(TestImages.photo(400, 300, 3), "jpeg");
        assertProblem(upload("cut.jpg", TestImages.truncated(jpeg), "image/jpeg"), 400, "damaged-image");
    }

    @Test
    void overTheServiceLimitIs413() {
        byte[] big = new byte[1_500_000];
        new Random(1).nextBytes(big);
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        assertProblem(upload("big.jpg", big, "image/jpeg"), 413, "image-too-large");
    }

    @Test
    void overTheHttpBodyLimitIs413() {
        upload("huge.jpg", new byte[3_000_000], "image/jpeg").then().statusCode(413);
    }

    @Test
    void decompressionBombIs413BeforeDecoding() {
        assertProblem(upload("bomb.png", TestImages.pngClaiming(50_000, 50_000), "image/png"), 413, "image-too-many-pixels");
    }

    @Test
    void missingImagePartIs400() {
        RequestSpecification request = given().auth().oauth2(Tokens.shared().vendor("acme")).multiPart("file", "x.png", new byte[] {1, 2, 3}, "image/png");
        assertProblem(request.post("/api/v1/hashes"), 400, "invalid-request");
    }

    @Test
    void jsonBodyIs415() {
        given().auth().oauth2(Tokens.shared().vendor("acme")).contentType("application/json").body("{}").post("/api/v1/hashes")
                .then().statusCode(415).contentType(startsWith("application/problem+json"));
    }

    private static io.restassured.response.Response upload(String name, byte[] data, String type) {
        return given().auth().oauth2(Tokens.shared().vendor("acme")).multiPart("image", name, data, type).post("/api/v1/hashes");
    }

    private static void assertProblem(io.restassured.response.Response response, int status, String type) {
        response.then().statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://takedown.org/problems/" + type))
                .body("status", equalTo(status));
    }
}
