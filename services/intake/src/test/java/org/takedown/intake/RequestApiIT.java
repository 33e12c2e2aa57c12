package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.takedown.events.Topics;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class RequestApiIT {

    @Inject
    EntityManager entityManager;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void acceptedRequestCanBeFollowedWithItsToken() {
        ExtractableResponse<Response> receipt = submit(Requests.copyright("jane.doe@example.org")).statusCode(201)
                .body("id", notNullValue())
                .body("status", equalTo("SUBMITTED"))
                .body("statusUrl", containsString("/api/v1/requests/"))
                .extract();
        String id = receipt.path("id");
        String token = receipt.path("accessToken");

        given().header("X-Claimant-Token", token)
                .when().get("/api/v1/requests/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("claimType", equalTo("COPYRIGHT"))
                .body("targets.imageUrls", hasItem("https://images.example.org/cat.jpg"))
                .body("timeline.status", hasItem("SUBMITTED"));
    }

    @Test
    void wrongTokenLooksExactlyLikeAnUnknownRequest() {
        String id = submit(Requests.copyright("jane@example.org")).statusCode(201).extract().path("id");

        String wrongToken = given().header("X-Claimant-Token", "not-the-token")
                .when().get("/api/v1/requests/{id}", id)
                .then().statusCode(404).contentType("application/problem+json").extract().path("title");
        String unknown = given().header("X-Claimant-Token", "not-the-token")
                .when().get("/api/v1/requests/{id}", UUID.randomUUID())
                .then().statusCode(404).extract().path("title");

        assertEquals(unknown, wrongToken);
    }

    @Test
    void duplicateUrlsAreNormalisedAndStoredOnce() {
        String body = """
                {"claimType":"GDPR_ERASURE","claimant":{"email":"a@example.org"},
                 "imageUrls":["HTTPS://Images.Example.org/a.jpg","https://images.example.org:443/a.jpg#x"]}""";
        ExtractableResponse<Response> receipt = submit(body).statusCode(201).extract();

        given().header("X-Claimant-Token", receipt.path("accessToken").toString())
                .when().get("/api/v1/requests/{id}", receipt.path("id").toString())
                .then().statusCode(200)
                .body("targets.imageUrls", hasSize(1))
                .body("targets.imageUrls[0]", equalTo("https://images.example.org/a.jpg"));
    }

    @Test
    void submittedEventCarriesNoPersonalData() {
        String email = "unique-" + UUID.randomUUID() + "@example.org";
        String id = submit(Requests.copyright(email).replace("Jane Doe", "Zelda Quirinius")).statusCode(201)
                .extract().path("id");

        ConsumerRecord<String, String> record = awaitRecord(Topics.REQUESTS_SUBMITTED, id);
        assertFalse(record.value().contains(email), record.value());
        assertFalse(record.value().contains("Zelda"), record.value());
        assertFalse(record.value().contains("Quirinius"), record.value());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON | {\"claimType\": | body",
            "unknown claim type | {\"claimType\":\"PLEASE_REMOVE\",\"claimant\":{\"email\":\"a@example.org\"},\"imageUrls\":[\"https://a.example/x.jpg\"]} | claimType",
            "missing e-mail | {\"claimType\":\"COPYRIGHT\",\"claimant\":{\"name\":\"A\"},\"imageUrls\":[\"https://a.example/x.jpg\"]} | claimant.email",
            "invalid e-mail | {\"claimType\":\"COPYRIGHT\",\"claimant\":{\"email\":\"not-an-address\"},\"imageUrls\":[\"https://a.example/x.jpg\"]} | claimant.email",
            "javascript URL | {\"claimType\":\"COPYRIGHT\",\"claimant\":{\"email\":\"a@example.org\"},\"imageUrls\":[\"https://a.example/x.jpg\",\"javascript:alert(1)\"]} | imageUrls[1]",
            "file URL | {\"claimType\":\"COPYRIGHT\",\"claimant\":{\"email\":\"a@example.org\"},\"imageUrls\":[\"file:///etc/passwd\"]} | imageUrls[0]",
            "no targets | {\"claimType\":\"COPYRIGHT\",\"claimant\":{\"email\":\"a@example.org\"}} | imageUrls",
            "site opt-out without domain | {\"claimType\":\"SITE_OPT_OUT\",\"claimant\":{\"email\":\"a@example.org\"},\"imageUrls\":[\"https://a.example/x.jpg\"]} | domains",
            "missing claimant | {\"claimType\":\"COPYRIGHT\",\"imageUrls\":[\"https://a.example/x.jpg\"]} | claimant"
    })
    void badInputIsAProblemNamingTheFieldAndWritesNothing(String name, String body, String field) {
        long before = requestCount();

        submit(body).statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body("detail", containsString(field.equals("body") ? "" : field));
        if (!field.equals("body")) {
            submit(body).body("errors.field", hasItem(field));
        }

        assertEquals(before, requestCount(), "a refused request left rows behind");
    }

    @Test
    void moreUrlsThanAllowedIsRefused() {
        String urls = IntStream.range(0, 10_001).mapToObj(i -> "\"https://a.example/" + i + ".jpg\"")
                .collect(Collectors.joining(","));
        long before = requestCount();

        submit("{\"claimType\":\"COPYRIGHT\",\"claimant\":{\"email\":\"a@example.org\"},\"imageUrls\":[" + urls + "]}")
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("imageUrls"));

        assertEquals(before, requestCount());
    }

    private static io.restassured.response.ValidatableResponse submit(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/requests").then();
    }

    private long requestCount() {
        return ((Number) io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT count(*) FROM intake.takedown_request").getSingleResult())).longValue();
    }

    private ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, topic)) {
            return probe.awaitRecord(KafkaProbe.keyed(key), Duration.ofSeconds(30));
        }
    }
}
