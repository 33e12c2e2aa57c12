package org.takedown.propagation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.takedown.propagation.Callers.asAdmin;
import static org.takedown.propagation.Callers.asVendor;
import static io.restassured.RestAssured.given;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.events.RequestCompleted;
import org.takedown.events.ReviewDecided;
import org.takedown.events.Topics;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** A request completes when every vendor applied it (once); disputes carry a reason code out, the note stays in. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class CompletionAndDisputesIT {

    private static final Duration QUIET = Duration.ofSeconds(3);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theRequestCompletesOnceWhenTheLastVendorApplies() {
        String dataset = RegistryFixtures.uniqueId("ds");
        VendorFixtures.subscribe("acme", dataset);
        VendorFixtures.subscribe("globex", dataset);
        ReviewDecided decision = RegistryFixtures.approval(dataset);
        try (KafkaProbe completed = new KafkaProbe(bootstrapServers, Topics.REQUESTS_COMPLETED)) {
            VendorFixtures.send(bootstrapServers, decision);
            String acme = (String) VendorFixtures.awaitDelivered("acme", decision.requestId()).get("id");
            String globex = (String) VendorFixtures.awaitDelivered("globex", decision.requestId()).get("id");

            acknowledge("acme", acme, Map.of("state", "APPLIED")).then().statusCode(200);
            acknowledge("globex", globex, Map.of("state", "ACKNOWLEDGED")).then().statusCode(200);
            assertFalse(completed.drain(QUIET).stream().anyMatch(KafkaProbe.keyed(decision.requestId())),
                    "delivered to both, applied by one: not complete yet");

            acknowledge("globex", globex, Map.of("state", "APPLIED")).then().statusCode(200);
            RequestCompleted done = EventCodec.read(completed.awaitRecord(KafkaProbe.keyed(decision.requestId()),
                    VendorFixtures.WAIT).value(), RequestCompleted.class);
            assertEquals(2, done.noticeCount());
            // A retried APPLIED changes nothing and completes nothing again.
            acknowledge("globex", globex, Map.of("state", "APPLIED")).then().statusCode(200)
                    .header("Acknowledgement-Recorded", "false");
            assertEquals(1, completed.drain(QUIET).stream().filter(KafkaProbe.keyed(decision.requestId())).count());
        }
    }

    @Test
    void aRequestNoVendorSubscribesToCompletesAtOnce() {
        ReviewDecided decision = RegistryFixtures.approval(RegistryFixtures.uniqueId("nobody"));
        try (KafkaProbe completed = new KafkaProbe(bootstrapServers, Topics.REQUESTS_COMPLETED)) {
            VendorFixtures.send(bootstrapServers, decision);
            assertEquals(0, EventCodec.read(completed.awaitRecord(KafkaProbe.keyed(decision.requestId()), VendorFixtures.WAIT)
                    .value(), RequestCompleted.class).noticeCount());
        }
    }

    @Test
    void aDisputePublishesItsReasonCodeAndKeepsTheNoteForAdmins() {
        String dataset = RegistryFixtures.uniqueId("ds");
        VendorFixtures.subscribe("acme", dataset);
        ReviewDecided decision = RegistryFixtures.approval(dataset);
        VendorFixtures.send(bootstrapServers, decision);
        String id = (String) VendorFixtures.awaitDelivered("acme", decision.requestId()).get("id");
        String note = "our counsel objects, see letter " + UUID.randomUUID();

        try (KafkaProbe acknowledged = new KafkaProbe(bootstrapServers, Topics.NOTICES_ACKNOWLEDGED)) {
            acknowledge("acme", id, Map.of("state", "DISPUTED", "reasonCode", "LEGAL_OBJECTION", "note", note))
                    .then().statusCode(200).body("vendorState", equalTo("DISPUTED"));
            ConsumerRecord<String, String> event = acknowledged.awaitRecord(
                    r -> r.value().contains(id) && r.value().contains("DISPUTED"), VendorFixtures.WAIT);
            NoticeAcknowledged dispute = EventCodec.read(event.value(), NoticeAcknowledged.class);
            assertEquals("LEGAL_OBJECTION", dispute.reasonCode());
            assertFalse(event.value().contains(note), "the vendor's note must not go into Kafka");

            acknowledge("acme", id, Map.of("state", "APPLIED")).then().statusCode(200);
            NoticeAcknowledged applied = EventCodec.read(acknowledged.awaitRecord(
                    r -> r.value().contains(id) && r.value().contains("APPLIED"), VendorFixtures.WAIT).value(), NoticeAcknowledged.class);
            assertNull(applied.reasonCode());
        }
        asAdmin().get("/api/v1/admin/notices/{id}", id).then().statusCode(200)
                .body("notice.vendorState", equalTo("APPLIED"))
                .body("acknowledgements[0].state", equalTo("DISPUTED"))
                .body("acknowledgements[0].reasonCode", equalTo("LEGAL_OBJECTION"))
                .body("acknowledgements[0].note", equalTo(note))
                .body("acknowledgements[1].state", equalTo("APPLIED"));
        asVendor("acme").get("/api/v1/admin/notices/{id}", id).then().statusCode(403);
        given().get("/api/v1/admin/notices/{id}", id).then().statusCode(401);
        given().auth().oauth2(Tokens.shared().user("reviewer")).get("/api/v1/admin/notices/{id}", id).then().statusCode(403);
        asAdmin().get("/api/v1/admin/notices/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aDisputeWithoutAReasonCodeOrAReasonCodeWithoutADisputeIsRefused() {
        String dataset = RegistryFixtures.uniqueId("ds");
        VendorFixtures.subscribe("acme", dataset);
        ReviewDecided decision = RegistryFixtures.approval(dataset);
        VendorFixtures.send(bootstrapServers, decision);
        String id = (String) VendorFixtures.awaitDelivered("acme", decision.requestId()).get("id");

        acknowledge("acme", id, Map.of("state", "DISPUTED", "note", "why")).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("reasonCode"));
        acknowledge("acme", id, Map.of("state", "DISPUTED", "note", "why", "reasonCode", "BORED")).then().statusCode(400)
                .contentType("application/problem+json");
        acknowledge("acme", id, Map.of("state", "APPLIED", "reasonCode", "OTHER")).then().statusCode(400)
                .body("errors.field", hasItem("reasonCode"));
        asVendor("acme").get("/api/v1/vendor/notices/{id}", id).then().statusCode(200).body("vendorState", equalTo(null));
    }

    private static io.restassured.response.Response acknowledge(String vendor, String id, Map<String, String> body) {
        return asVendor(vendor).contentType(ContentType.JSON).body(body).post("/api/v1/vendor/notices/{id}/acknowledgement", id);
    }
}
