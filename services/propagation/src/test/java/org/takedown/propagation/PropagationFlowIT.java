package org.takedown.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.RemovalItem;
import org.takedown.events.RequestCompleted;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class PropagationFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void approvalReachesEveryVendorDespiteAFailureAndCompletesTheRequest() throws Exception {
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, "demo", "2026-11",
                List.of(new RemovalItem("i-1", "https://a.example/1.jpg")), null);

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe completed = new KafkaProbe(bootstrapServers, Topics.REQUESTS_COMPLETED);
                KafkaProbe dispatched = new KafkaProbe(bootstrapServers, Topics.NOTICES_DISPATCHED)) {
            sender.send(decision);

            RequestCompleted done = EventCodec.read(
                    completed.awaitRecord(KafkaProbe.keyed(decision.requestId()), WAIT).value(), RequestCompleted.class);
            assertEquals(2, done.noticeCount());
            dispatched.awaitRecord(r -> r.key().equals(decision.requestId().toString())
                    && EventCodec.read(r.value(), NoticeDispatched.class).vendorId().equals("flaky"), WAIT);
        }

        List<VendorReceiverResource.Delivery> flaky = VendorReceiverResource.DELIVERIES.stream()
                .filter(d -> d.vendor().equals("flaky")).toList();
        assertEquals(2, flaky.size(), "flaky should get one failed and one successful delivery");
        assertEquals(flaky.get(0).webhookId(), flaky.get(1).webhookId(), "a retry must carry the same webhook-id");
        VendorReceiverResource.Delivery acme = VendorReceiverResource.DELIVERIES.stream()
                .filter(d -> d.vendor().equals("acme")).findFirst().orElseThrow();
        JsonNode notice = new ObjectMapper().readTree(acme.body());
        assertEquals("https://a.example/1.jpg", notice.path("items").path(0).path("url").asText());
        assertEquals("COPYRIGHT", notice.path("legalBasis").asText());
        assertFalse(acme.body().contains(decision.requestId().toString()), "the notice should not expose our request id");
        assertTrue(notice.path("noticeId").asText().equals(acme.webhookId()));
    }
}
