package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.Topics;
import org.takedown.intake.metrics.RequestStatusMetrics;
import org.takedown.messaging.ParkedOutbox;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The other end of the 1,800-URL case (ADR 012): with intake's limits raised past what Kafka takes, the
 * request is accepted, its {@code requests.submitted} is refused by the real broker, and instead of
 * staying SUBMITTED forever the event is parked and the claimant reads that the request is on hold.
 */
@QuarkusTest
@TestProfile(ParkedSubmissionIT.LimitsAboveKafkas.class)
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class ParkedSubmissionIT {

    public static class LimitsAboveKafkas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("takedown.intake.max-target-bytes", "4194304", "takedown.intake.max-image-urls", "10000");
        }
    }

    @Inject
    ParkedOutbox parkedOutbox;

    @Inject
    RequestStatusMetrics statusMetrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aRequestWhoseEventKafkaRefusesGoesOnHoldAndTheRequestsAfterItGoOn() {
        Claimants.Receipt tooLarge = Claimants.submit(EventSizeLimitIT.withImageUrls(1_800, 2_000));
        Claimants.Receipt next = Claimants.submitCopyright();

        JsonPath view = Claimants.awaitStatus(tooLarge, "ON_HOLD");
        assertTrue(view.getString("explanation").contains("a fault on our side"), view.getString("explanation"));
        assertEquals("ON_HOLD", view.getList("timeline.status").get(view.getList("timeline.status").size() - 1));
        ParkedOutbox.ParkedEvent parked = parkedOutbox.parked(Topics.REQUESTS_SUBMITTED, 1000).stream()
                .filter(p -> p.key().equals(tooLarge.id().toString())).findFirst().orElseThrow();
        assertTrue(parked.reason().startsWith("RecordTooLargeException"), parked.reason());

        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            probe.awaitRecord(KafkaProbe.keyed(next.id()), Duration.ofSeconds(30));
        }
        statusMetrics.sample();
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher onHold = Pattern.compile("(?m)^takedown_requests\\{status=\"ON_HOLD\"} (\\S+)$").matcher(scrape);
        assertTrue(onHold.find() && Double.parseDouble(onHold.group(1)) >= 1, "no request counted ON_HOLD");
    }
}
