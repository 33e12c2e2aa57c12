package org.takedown.propagation;

import static org.takedown.propagation.Callers.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.standardwebhooks.Webhook;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
class VendorRegistryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void registrationReturnsTheSecretOnceAndNeverAgain() {
        RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", "any-ds");
        assertEquals(32, java.util.Base64.getDecoder().decode(vendor.secret().substring("whsec_".length())).length);
        String shown = asAdmin().get("/api/v1/admin/vendors/{id}", vendor.id()).then().statusCode(200)
                .body("validSecrets", equalTo(1))
                .extract().asString();
        assertFalse(shown.contains(vendor.secret().substring(6)), "the secret must not be shown after registration");
        asAdmin().get("/api/v1/admin/vendors").then().statusCode(200).body("id", hasItem(vendor.id()))
                .body("toString()", not(org.hamcrest.Matchers.containsString(vendor.secret().substring(6))));
    }

    @Test
    void badRegistrationsAreProblemsAndWriteNothing() {
        asAdmin().contentType(ContentType.JSON).body(Map.of("id", "Bad Id!", "name", "x", "contactEmail", "not-an-email"))
                .post("/api/v1/admin/vendors")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("contactEmail", "id")));
        asAdmin().get("/api/v1/admin/vendors/{id}", "Bad Id!").then().statusCode(404).contentType("application/problem+json");

        RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", "any-ds");
        asAdmin().contentType(ContentType.JSON).body(Map.of("id", vendor.id(), "name", "again", "contactEmail", "a@b.example"))
                .post("/api/v1/admin/vendors").then().statusCode(409).contentType("application/problem+json");
        asAdmin().contentType(ContentType.JSON).body("{\"url\": ").post("/api/v1/admin/vendors/{id}/endpoints", vendor.id())
                .then().statusCode(400).contentType("application/problem+json");
        asAdmin().contentType(ContentType.JSON).body(Map.of("url", VendorReceiverResource.base + "/ok/x",
                        "eventTypes", List.of("takedown.removal", "takedown.unknown")))
                .post("/api/v1/admin/vendors/{id}/endpoints", vendor.id())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("eventTypes[1]"));
        asAdmin().get("/api/v1/admin/vendors/{id}", vendor.id()).then().body("endpoints.size()", equalTo(1));
        asAdmin().contentType(ContentType.JSON).body(Map.of("url", "https://vendor.example/hook"))
                .post("/api/v1/admin/vendors/{id}/endpoints", "no-such-vendor")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void configuredVendorsAreSeededIntoTheRegistry() {
        asAdmin().get("/api/v1/admin/vendors/{id}", "acme").then().statusCode(200)
                .body("fromConfiguration", equalTo(true))
                .body("enabled", equalTo(true))
                .body("endpoints[0].url", equalTo(VendorReceiverResource.base + "/acme"))
                .body("endpoints[0].datasets", equalTo(List.of(VendorReceiverResource.CONFIGURED_DATASET)));
    }

    @Test
    void noticesGoOnlyToEnabledVendorsSubscribedToTheDataSet() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegisteredVendor subscribed = RegistryFixtures.vendorAt("ok", dataset);
        RegisteredVendor otherDataset = RegistryFixtures.vendorAt("ok", RegistryFixtures.uniqueId("ds"));
        RegisteredVendor disabled = RegistryFixtures.vendorAt("ok", dataset);
        asAdmin().contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch("/api/v1/admin/vendors/{id}", disabled.id()).then().statusCode(200).body("enabled", equalTo(false));

        ReviewDecided decision = RegistryFixtures.approval(dataset);
        assertEquals(1L, dispatchedNoticeCount(decision));

        List<VendorReceiverResource.Delivery> got = VendorReceiverResource.to("ok/" + subscribed.id());
        assertEquals(1, got.size());
        new Webhook(subscribed.secret()).verify(got.get(0).body(), got.get(0).headers());
        assertEquals(List.of(), VendorReceiverResource.to("ok/" + otherDataset.id()));
        assertEquals(List.of(), VendorReceiverResource.to("ok/" + disabled.id()));
    }

    @Test
    void afterARotationDeliveriesCarryBothSignaturesAndEitherSecretVerifies() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", dataset);
        String next = asAdmin().contentType(ContentType.JSON).body(Map.of("gracePeriodSeconds", 3600))
                .post("/api/v1/admin/vendors/{id}/secrets/rotate", vendor.id())
                .then().statusCode(201).body("signingSecret", startsWith("whsec_"))
                .extract().path("signingSecret");
        asAdmin().get("/api/v1/admin/vendors/{id}", vendor.id()).then().body("validSecrets", equalTo(2));

        dispatchedNoticeCount(RegistryFixtures.approval(dataset));

        VendorReceiverResource.Delivery delivery = VendorReceiverResource.to("ok/" + vendor.id()).get(0);
        assertEquals(2, delivery.header("webhook-signature").split(" ").length);
        new Webhook(vendor.secret()).verify(delivery.body(), delivery.headers());
        new Webhook(next).verify(delivery.body(), delivery.headers());
    }

    @Test
    void aRotationWithoutGraceRetiresTheOldSecret() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", dataset);
        String next = asAdmin().contentType(ContentType.JSON).body(Map.of("gracePeriodSeconds", 0))
                .post("/api/v1/admin/vendors/{id}/secrets/rotate", vendor.id())
                .then().statusCode(201).extract().path("signingSecret");

        dispatchedNoticeCount(RegistryFixtures.approval(dataset));

        VendorReceiverResource.Delivery delivery = VendorReceiverResource.to("ok/" + vendor.id()).get(0);
        assertEquals(1, delivery.header("webhook-signature").split(" ").length);
        new Webhook(next).verify(delivery.body(), delivery.headers());
    }

    /** Sends the decision, waits for its first delivery, then counts the deliveries (vendors) it reached. */
    private long dispatchedNoticeCount(ReviewDecided decision) throws Exception {
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe dispatched = new KafkaProbe(bootstrapServers, Topics.NOTICES_DISPATCHED)) {
            sender.send(decision);
            dispatched.awaitRecord(KafkaProbe.keyed(decision.requestId()), WAIT);
            return dispatched.drain(Duration.ofSeconds(2)).stream().filter(KafkaProbe.keyed(decision.requestId()))
                    .map(r -> EventCodec.read(r.value(), NoticeDispatched.class).vendorId()).distinct().count();
        }
    }
}
