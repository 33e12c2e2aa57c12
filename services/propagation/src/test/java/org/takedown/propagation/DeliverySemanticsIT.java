package org.takedown.propagation;

import static org.takedown.propagation.Callers.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.ReviewDecided;
import org.takedown.events.Topics;
import org.takedown.propagation.RegistryFixtures.RegisteredVendor;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class DeliverySemanticsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void goneDisablesTheEndpointAndFailsTheNotice() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegisteredVendor vendor = RegistryFixtures.vendorAt("gone", dataset);
        ReviewDecided decision = RegistryFixtures.approval(dataset);
        send(decision);

        Map<String, Object> failed = awaitFailedNoticeFor(vendor.id());
        assertTrue(((String) failed.get("lastError")).contains("410"));
        assertEquals(1, failed.get("attempts"), "a 410 is not retried");
        asAdmin().get("/api/v1/admin/vendors/{id}", vendor.id()).then()
                .body("endpoints[0].enabled", equalTo(false))
                .body("endpoints[0].disabledReason", containsString("410"));
    }

    @Test
    void retryAfterOn429IsHonouredOverTheSchedule() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegisteredVendor vendor = RegistryFixtures.vendorAt("busy", dataset);
        ReviewDecided decision = RegistryFixtures.approval(dataset);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe dispatched = new KafkaProbe(bootstrapServers, Topics.NOTICES_DISPATCHED)) {
            sender.send(decision);
            dispatched.awaitRecord(KafkaProbe.keyed(decision.requestId()), WAIT);
        }
        List<VendorReceiverResource.Delivery> got = VendorReceiverResource.to("busy/" + vendor.id());
        assertEquals(2, got.size());
        Duration gap = Duration.between(got.get(0).receivedAt(), got.get(1).receivedAt());
        // The test schedule waits 1 s; the receiver asked for 3 s.
        assertTrue(gap.compareTo(Duration.ofSeconds(VendorReceiverResource.BUSY_RETRY_AFTER_SECONDS).minusMillis(50)) >= 0,
                "retried after " + gap);
    }

    @Test
    void anExhaustedNoticeIsListedAndAReplayDeliversItWithTheSameIdAndAFreshSignature() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegisteredVendor vendor = RegistryFixtures.vendorAt("dead", dataset);
        ReviewDecided decision = RegistryFixtures.approval(dataset);
        send(decision);

        Map<String, Object> failed = awaitFailedNoticeFor(vendor.id());
        assertEquals(4, failed.get("attempts"), "one attempt plus the three retries of the test schedule");
        assertEquals("HTTP 500", failed.get("lastError"));
        List<VendorReceiverResource.Delivery> before = VendorReceiverResource.to("dead/" + vendor.id());
        assertEquals(4, before.size());

        VendorReceiverResource.DEAD_REVIVED.set(true);
        try (KafkaProbe dispatched = new KafkaProbe(bootstrapServers, Topics.NOTICES_DISPATCHED)) {
            asAdmin().post("/api/v1/admin/notices/{id}/replay", failed.get("id")).then().statusCode(202)
                    .body("status", equalTo("PENDING"));
            NoticeDispatched done = EventCodec.read(dispatched.awaitRecord(KafkaProbe.keyed(decision.requestId()), WAIT).value(),
                    NoticeDispatched.class);
            assertEquals(failed.get("id"), done.noticeId().toString());
        }

        List<VendorReceiverResource.Delivery> all = VendorReceiverResource.to("dead/" + vendor.id());
        VendorReceiverResource.Delivery first = all.get(0);
        VendorReceiverResource.Delivery replayed = all.get(all.size() - 1);
        assertEquals(first.webhookId(), replayed.webhookId());
        assertNotEquals(first.header("webhook-timestamp"), replayed.header("webhook-timestamp"));
        assertNotEquals(first.header("webhook-signature"), replayed.header("webhook-signature"));
        new Webhook(vendor.secret()).verify(replayed.body(), replayed.headers());
        asAdmin().get("/api/v1/admin/notices/failed").then().body("id", org.hamcrest.Matchers.not(
                org.hamcrest.Matchers.hasItem(failed.get("id"))));
    }

    @Test
    void aDeliveredNoticeCannotBeReplayed() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", dataset);
        ReviewDecided decision = RegistryFixtures.approval(dataset);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe dispatched = new KafkaProbe(bootstrapServers, Topics.NOTICES_DISPATCHED)) {
            sender.send(decision);
            dispatched.awaitRecord(KafkaProbe.keyed(decision.requestId()), WAIT);
        }
        String noticeId = VendorReceiverResource.to("ok/" + vendor.id()).get(0).webhookId();
        asAdmin().post("/api/v1/admin/notices/{id}/replay", noticeId).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("DELIVERED"));
    }

    @Test
    void replayingAnUnknownNoticeIsNotFound() {
        asAdmin().post("/api/v1/admin/notices/{id}/replay", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        asAdmin().post("/api/v1/admin/notices/{id}/replay", "not-a-uuid").then().statusCode(404);
    }

    private void send(ReviewDecided decision) throws Exception {
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(decision);
        }
    }

    private Map<String, Object> awaitFailedNoticeFor(String vendorId) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> failed = JsonPath.from(asAdmin().get("/api/v1/admin/notices/failed?limit=1000").asString())
                    .getList("findAll { it.vendorId == '" + vendorId + "' }");
            if (!failed.isEmpty()) {
                return failed.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no failed notice for " + vendorId + " within " + WAIT);
    }
}
