package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.Topics;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Intake's limits keep every {@code requests.submitted} under the broker's 1 MiB (ADR 012): the
 * request of the issue — 1,800 image URLs of ~2,000 characters, 3.6 MB, under the 4 MiB body limit —
 * is refused with the limit named, and the largest request that passes still reaches Kafka.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class EventSizeLimitIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aRequestOf1800LongImageUrlsIsRefusedWithTheLimitNamed() {
        String body = withImageUrls(1_800, 2_000);
        assertTrue(body.getBytes(StandardCharsets.UTF_8).length > 3_600_000 && body.length() < 4 * 1024 * 1024);

        given().header("X-Forwarded-For", Claimants.randomAddress()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/requests")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("imageUrls"))
                .body("errors[0].message", containsString("at most 524288 bytes"))
                .body("detail", containsString("split them into several requests"));
    }

    @Test
    void moreImageUrlsThanTheCountLimitAreRefused() {
        given().header("X-Forwarded-For", Claimants.randomAddress()).contentType(ContentType.JSON).body(withImageUrls(5_001, 30))
                .when().post("/api/v1/requests")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("imageUrls"))
                .body("errors[0].message", containsString("at most 5000 image URLs"));
    }

    @Test
    void targetsJustUnderTheLimitMakeAnEventKafkaTakes() {
        // 260 URLs of 2,000 characters: 520,000 bytes, just under 512 KiB.
        Claimants.Receipt receipt = Claimants.submit(withImageUrls(260, 2_000));

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            var record = probe.awaitRecord(KafkaProbe.keyed(receipt.id()), Duration.ofSeconds(30));
            assertTrue(record.serializedValueSize() > 520_000, "the event is smaller than its targets");
        }
        assertEquals("SUBMITTED", Claimants.status(receipt).getString("status"));
    }

    /** A copyright request with {@code count} distinct image URLs of {@code length} characters each. */
    static String withImageUrls(int count, int length) {
        StringBuilder urls = new StringBuilder();
        String prefix = "https://images.example.org/" + UUID.randomUUID() + "/";
        for (int i = 0; i < count; i++) {
            String head = prefix + i + "/";
            urls.append(i == 0 ? "" : ",").append('"').append(head).append("a".repeat(Math.max(1, length - head.length())))
                    .append('"');
        }
        return """
                {"claimType":"COPYRIGHT",
                 "claimant":{"email":"many-%s@example.org","name":"Jane Doe","country":"DE","actingFor":"SELF"},
                 "imageUrls":[%s],
                 "statements":{"work":"my photographs"}}""".formatted(UUID.randomUUID(), urls);
    }
}
