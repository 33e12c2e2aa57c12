package org.takedown.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
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
    void approvalReachesEveryVendorDespiteAFailure() throws Exception {
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, VendorReceiverResource.CONFIGURED_DATASET, "2026-11",
                List.of(new RemovalItem("i-1", "https://a.example/1.jpg")), null);

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe dispatched = new KafkaProbe(bootstrapServers, Topics.NOTICES_DISPATCHED)) {
            sender.send(decision);

            for (String vendor : List.of("acme", "flaky")) {
                dispatched.awaitRecord(r -> r.key().equals(decision.requestId().toString())
                        && EventCodec.read(r.value(), NoticeDispatched.class).vendorId().equals(vendor), WAIT);
            }
        }

        List<VendorReceiverResource.Delivery> flaky = VendorReceiverResource.DELIVERIES.stream()
                .filter(d -> d.vendor().equals("flaky") && d.body().contains("https://a.example/1.jpg")).toList();
        assertEquals(2, flaky.size(), "flaky should get one failed and one successful delivery");
        assertEquals(flaky.get(0).webhookId(), flaky.get(1).webhookId(), "a retry must carry the same webhook-id");
        VendorReceiverResource.Delivery acme = VendorReceiverResource.DELIVERIES.stream()
                .filter(d -> d.vendor().equals("acme") && d.body().contains("https://a.example/1.jpg")).findFirst().orElseThrow();
        JsonNode notice = new ObjectMapper().readTree(acme.body());
        assertEquals("https://a.example/1.jpg", notice.path("items").path(0).path("url").asText());
        assertEquals("COPYRIGHT", notice.path("legalBasis").asText());
        assertFalse(acme.body().contains(decision.requestId().toString()), "the notice should not expose our request id");
        assertTrue(notice.path("noticeId").asText().equals(acme.webhookId()));
        assertTrue(VendorReceiverResource.DELIVERIES.stream().filter(d -> d.vendor().equals("acme") || d.vendor().equals("flaky"))
                .allMatch(VendorReceiverResource.Delivery::verified), "the official verifier must accept every delivery");
        assertNotEquals(flaky.get(0).header("webhook-signature"), flaky.get(1).header("webhook-signature"),
                "each attempt is signed afresh (timestamp and signature), or the identical pair would only differ by chance");
    }

    @Test
    void theOfficialVerifierRejectsATamperedBodyOrTheWrongSecret() throws Exception {
        VendorReceiverResource.Delivery delivery = deliveredToAcme();
        Webhook acme = new Webhook(VendorReceiverResource.ACME_SECRET);
        acme.verify(delivery.body(), delivery.headers()); // the untouched delivery passes

        String tampered = delivery.body().replace("https://", "http://");
        assertThrows(WebhookVerificationException.class, () -> acme.verify(tampered, delivery.headers()));
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(VendorReceiverResource.FLAKY_SECRET).verify(delivery.body(), delivery.headers()));
    }

    private VendorReceiverResource.Delivery deliveredToAcme() throws Exception {
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                ClaimType.GDPR_ERASURE, ReviewOutcome.APPROVED, VendorReceiverResource.CONFIGURED_DATASET, "2026-11",
                List.of(new RemovalItem("i-2", "https://a.example/2.jpg")), null);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe dispatched = new KafkaProbe(bootstrapServers, Topics.NOTICES_DISPATCHED)) {
            sender.send(decision);
            dispatched.awaitRecord(r -> r.key().equals(decision.requestId().toString())
                    && EventCodec.read(r.value(), NoticeDispatched.class).vendorId().equals("acme"), WAIT);
        }
        return VendorReceiverResource.to("acme").stream().filter(d -> d.body().contains("https://a.example/2.jpg"))
                .findFirst().orElseThrow();
    }
}
