package org.takedown.propagation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.takedown.propagation.Callers.asAdmin;
import static org.takedown.propagation.Callers.asVendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.takedown.events.ReviewDecided;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.NoticeRepository;
import org.takedown.propagation.notice.OverdueNotices;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * A delivered notice not APPLIED by its deadline is overdue: listed for admins and reminded (own webhook-id,
 * naming the notice) at most once per reminder interval. The deadline is moved into the past in the
 * database instead of waiting seven days; the job runs as the scheduler would run it.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class OverdueIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    OverdueNotices overdue;

    @Inject
    NoticeRepository notices;

    @Test
    void anOverdueNoticeIsListedAndRemindedOncePerIntervalUntilApplied() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        String path = VendorFixtures.subscribe("acme", dataset);
        ReviewDecided decision = RegistryFixtures.approval(dataset);
        VendorFixtures.send(bootstrapServers, decision);
        Map<String, Object> delivered = VendorFixtures.awaitDelivered("acme", decision.requestId());
        String id = (String) delivered.get("id");
        Instant due = Instant.parse((String) delivered.get("acknowledgementDueAt"));
        assertTrue(due.isAfter(Instant.now().plusSeconds(6 * 86_400)), "due seven days after delivery by default: " + due);

        asAdmin().get("/api/v1/admin/notices/overdue?limit=1000").then().statusCode(200).body("id", not(hasItem(id)));
        overdue.escalate();
        asAdmin().get("/api/v1/admin/notices/overdue?limit=1000").then().statusCode(200).body("id", not(hasItem(id)));

        QuarkusTransaction.requiringNew().run(() -> notices.findById(UUID.fromString(id)).acknowledgementDueAt =
                Instant.now().minusSeconds(60));
        overdue.escalate();
        overdue.escalate(); // within the reminder interval: no second reminder

        asAdmin().get("/api/v1/admin/notices/overdue?limit=1000").then().statusCode(200).body("id", hasItem(id));
        List<VendorReceiverResource.Delivery> reminders = awaitReminders(path, 1);
        VendorReceiverResource.Delivery reminder = reminders.get(0);
        JsonNode body = new ObjectMapper().readTree(reminder.body());
        assertEquals("takedown.removal.reminder", body.path("type").asText());
        assertEquals(id, body.path("noticeId").asText());
        assertNotEquals(id, reminder.webhookId(), "a reminder has its own webhook-id");
        assertEquals(reminder.webhookId(), body.path("reminderId").asText());
        new Webhook(VendorReceiverResource.ACME_SECRET).verify(reminder.body(), reminder.headers());
        long planned = QuarkusTransaction.requiringNew().call(() -> notices.count("subjectNoticeId = ?1 and kind = ?2",
                UUID.fromString(id), Notice.Kind.REMINDER));
        assertEquals(1, planned, "one reminder per interval");
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(scrape.contains("takedown_notice_reminders_total{vendor=\"acme\"}"), "reminders are counted per vendor");

        asVendor("acme").contentType(ContentType.JSON).body(Map.of("state", "APPLIED"))
                .post("/api/v1/vendor/notices/{id}/acknowledgement", id).then().statusCode(200);
        asAdmin().get("/api/v1/admin/notices/overdue?limit=1000").then().statusCode(200).body("id", not(hasItem(id)));
        asVendor("acme").get("/api/v1/vendor/notices?limit=1000").then().statusCode(200)
                .body("id", not(hasItem(reminder.webhookId())));
    }

    @Test
    void onlyAdminsSeeOverdueNotices() {
        asVendor("acme").get("/api/v1/admin/notices/overdue").then().statusCode(403);
        given().auth().oauth2(Tokens.shared().user("reviewer")).get("/api/v1/admin/notices/overdue").then().statusCode(403);
        given().get("/api/v1/admin/notices/overdue").then().statusCode(401);
        asAdmin().get("/api/v1/admin/notices/overdue?limit=0").then().statusCode(400);
    }

    private static List<VendorReceiverResource.Delivery> awaitReminders(String path, int count) {
        long deadline = System.nanoTime() + VendorFixtures.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<VendorReceiverResource.Delivery> reminders = VendorReceiverResource.to(path).stream()
                    .filter(d -> d.body().contains("takedown.removal.reminder")).toList();
            if (reminders.size() >= count) {
                return reminders;
            }
            VendorFixtures.pause();
        }
        throw new AssertionError("no reminder at " + path);
    }
}
