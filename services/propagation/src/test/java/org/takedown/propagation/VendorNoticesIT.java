package org.takedown.propagation;

import static org.takedown.propagation.Callers.asAdmin;
import static org.takedown.propagation.Callers.asVendor;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.events.ReviewDecided;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Vendors see and acknowledge their own notices, and only those: the vendor is the one the real
 * Keycloak token names in vendor_id.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class VendorNoticesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aVendorSeesItsNoticeWithTheBodyAndAnotherVendorDoesNot() {
        Map<String, Object> notice = deliverNoticeToAcme();
        String id = (String) notice.get("id");
        assertEquals("DELIVERED", notice.get("deliveryStatus"));
        assertEquals("https://b.example/9.jpg", ((List<?>) ((Map<?, ?>) notice.get("notice")).get("items")).stream()
                .map(item -> ((Map<?, ?>) item).get("url")).findFirst().orElse(null));

        asVendor("globex").get("/api/v1/vendor/notices/{id}", id).then().statusCode(403)
                .contentType("application/problem+json");
        List<String> globexNotices = asVendor("globex").get("/api/v1/vendor/notices?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("id");
        assertFalse(globexNotices.contains(id));
        asVendor("globex").contentType(ContentType.JSON).body(Map.of("state", "ACKNOWLEDGED"))
                .post("/api/v1/vendor/notices/{id}/acknowledgement", id).then().statusCode(403);
        asVendor("acme").get("/api/v1/vendor/notices/{id}", id).then().statusCode(200).body("vendorState", equalTo(null));
    }

    @Test
    void acknowledgementsMoveForwardOnlyAndArePublished() {
        Map<String, Object> notice = deliverNoticeToAcme();
        String id = (String) notice.get("id");
        try (KafkaProbe acknowledged = new KafkaProbe(bootstrapServers, Topics.NOTICES_ACKNOWLEDGED)) {
            acknowledge(id, Map.of("state", "ACKNOWLEDGED")).then().statusCode(200)
                    .header("Acknowledgement-Recorded", "true").body("vendorState", equalTo("ACKNOWLEDGED"));
            ConsumerRecord<String, String> event = acknowledged.awaitRecord(KafkaProbe.keyed(notice.get("requestId")), WAIT);
            NoticeAcknowledged ack = EventCodec.read(event.value(), NoticeAcknowledged.class);
            assertEquals(UUID.fromString(id), ack.noticeId());
            assertEquals("acme", ack.vendorId());
            assertEquals("ACKNOWLEDGED", ack.state());
        }
        // A retried call changes nothing.
        acknowledge(id, Map.of("state", "ACKNOWLEDGED")).then().statusCode(200).header("Acknowledgement-Recorded", "false");
        acknowledge(id, Map.of("state", "APPLIED")).then().statusCode(200).body("vendorState", equalTo("APPLIED"));
        acknowledge(id, Map.of("state", "DISPUTED", "note", "too late")).then().statusCode(409)
                .contentType("application/problem+json");
        asVendor("acme").get("/api/v1/vendor/notices?vendorState=APPLIED&limit=1000").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void badAcknowledgementsAreRefusedAndChangeNothing() {
        String id = (String) deliverNoticeToAcme().get("id");
        acknowledge(id, Map.of("state", "DISPUTED")).then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("note"));
        acknowledge(id, Map.of("state", "FORGOTTEN")).then().statusCode(400).contentType("application/problem+json");
        acknowledge(UUID.randomUUID().toString(), Map.of("state", "ACKNOWLEDGED")).then().statusCode(404);
        asVendor("acme").get("/api/v1/vendor/notices/{id}", id).then().statusCode(200).body("vendorState", equalTo(null));
        asVendor("acme").get("/api/v1/vendor/notices?vendorState=SOMETIME").then().statusCode(400);
    }

    @Test
    void onlyVendorsUseTheVendorApiAndVendorsNotTheAdminApi() {
        asAdmin().get("/api/v1/vendor/notices").then().statusCode(403);
        asVendor("acme").get("/api/v1/admin/notices/failed").then().statusCode(403);
        asVendor("acme").get("/api/v1/admin/vendors").then().statusCode(403);
    }

    private io.restassured.response.Response acknowledge(String id, Map<String, String> body) {
        return asVendor("acme").contentType(ContentType.JSON).body(body).post("/api/v1/vendor/notices/{id}/acknowledgement", id);
    }

    /** Registers acme (once) with an endpoint for a new data set, approves an item there, waits for its notice. */
    private Map<String, Object> deliverNoticeToAcme() {
        if (asAdmin().get("/api/v1/admin/vendors/acme").statusCode() == 404) {
            asAdmin().contentType(ContentType.JSON)
                    .body(Map.of("id", "acme", "name", "Acme AI", "contactEmail", "trust@acme.example"))
                    .post("/api/v1/admin/vendors").then().statusCode(201);
        }
        String dataset = RegistryFixtures.uniqueId("ds");
        asAdmin().contentType(ContentType.JSON)
                .body(Map.of("url", VendorReceiverResource.base + "/ok/acme-" + dataset, "datasets", List.of(dataset)))
                .post("/api/v1/admin/vendors/acme/endpoints").then().statusCode(201);
        ReviewDecided decision = RegistryFixtures.approval(dataset);
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(decision);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> notices = asVendor("acme").get("/api/v1/vendor/notices?limit=1000").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            for (Map<String, Object> notice : notices) {
                if (decision.requestId().toString().equals(notice.get("requestId")) && "DELIVERED".equals(notice.get("deliveryStatus"))) {
                    return notice;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no delivered notice to acme for request " + decision.requestId());
    }
}
