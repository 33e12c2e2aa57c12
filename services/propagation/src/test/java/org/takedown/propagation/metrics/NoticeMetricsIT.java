package org.takedown.propagation.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.propagation.VendorReceiverResource;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/** Webhook deliveries by vendor and outcome on /q/metrics, after a real delivery round (one vendor fails once). */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class NoticeMetricsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    NoticeMetrics metrics;

    @Test
    void deliveriesAreCountedByVendorAndOutcomeWithTheirAttempts() {
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, VendorReceiverResource.CONFIGURED_DATASET, "2026-11",
                List.of(new RemovalItem("i-9", "https://a.example/9.jpg")), null);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe dispatched = new KafkaProbe(bootstrapServers, Topics.NOTICES_DISPATCHED)) {
            sender.send(decision);
            for (String vendor : java.util.List.of("acme", "flaky")) {
                dispatched.awaitRecord(r -> r.key().equals(decision.requestId().toString()) && org.takedown.events.EventCodec
                        .read(r.value(), org.takedown.events.NoticeDispatched.class).vendorId().equals(vendor), Duration.ofSeconds(30));
            }
        }

        metrics.sample();
        String scrape = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertTrue(value(scrape, "takedown_notices", "DELIVERED", "acme") >= 1, scrape);
        double flakyNotices = value(scrape, "takedown_notices", "DELIVERED", "flaky");
        double flakyAttempts = value(scrape, "takedown_notice_attempts", "DELIVERED", "flaky");
        assertTrue(flakyNotices >= 1 && flakyAttempts > flakyNotices, "flaky's failed first attempt should show: " + scrape);
    }

    private static double value(String scrape, String metric, String status, String vendor) {
        Matcher line = Pattern.compile("(?m)^" + metric + "\\{status=\"" + status + "\",vendor=\"" + vendor + "\"} (\\S+)$").matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : -1;
    }
}
