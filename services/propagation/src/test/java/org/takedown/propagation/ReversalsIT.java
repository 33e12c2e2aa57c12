package org.takedown.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.takedown.propagation.Callers.asVendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.DecisionReversed;
import org.takedown.events.RemovalItem;
import org.takedown.events.RequestWithdrawn;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.TakedownEvent;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.NoticeRepository;
import org.takedown.propagation.webhook.NoticeDispatcher;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;

/** Withdrawn requests and reversed decisions, end to end: notices, reversal notices, check and feed. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class ReversalsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    NoticeRepository notices;

    @Inject
    EntityManager entityManager;

    @Inject
    Scheduler scheduler;

    @Test
    void aReversedDecisionSendsASignedReversalForItsItemsAndTheRegistryForgetsThem() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        String path = VendorFixtures.subscribe("acme", dataset);
        String host = "rev-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        RemovalItem a = new RemovalItem("a", "https://" + host + "/a.jpg");
        RemovalItem b = new RemovalItem("b", "https://" + host + "/b.jpg");
        ReviewDecided decision = decision(dataset, List.of(a, b));
        VendorFixtures.send(bootstrapServers, decision);
        String noticeId = (String) VendorFixtures.awaitDelivered("acme", decision.requestId()).get("id");
        assertEquals(List.of(true, true), checked(a.url(), b.url()));

        send(new DecisionReversed(UUID.randomUUID(), Instant.now(), decision.requestId(), decision.caseId(), "ADMIN_REVERSAL",
                List.of(new RemovalItem("a", "https://" + host + "/a.jpg"))));

        VendorReceiverResource.Delivery reversal = await(() -> VendorReceiverResource.to(path).stream()
                .filter(d -> d.body().contains("takedown.removal.reversed")).findFirst().orElse(null));
        new Webhook(VendorReceiverResource.ACME_SECRET).verify(reversal.body(), reversal.headers());
        JsonNode body = new ObjectMapper().readTree(reversal.body());
        assertEquals(noticeId, body.path("noticeId").asText(), "the reversal names the original notice");
        assertNotEquals(noticeId, reversal.webhookId(), "a reversal has its own webhook-id");
        assertEquals(1, body.path("items").size());
        assertEquals("a", body.path("items").path(0).path("itemId").asText());

        assertEquals(List.of(false, true), checked(a.url(), b.url()));
        List<Map<String, Object>> feed = feedOf(host);
        assertEquals(List.of("REMOVAL a", "REMOVAL b", "REVERSAL a"),
                feed.stream().map(e -> e.get("kind") + " " + e.get("itemId")).toList());
        assertTrue(feed.get(0).get("reversedAt") != null && feed.get(1).get("reversedAt") == null);
        asVendor("acme").get("/api/v1/vendor/notices/{id}", reversal.webhookId()).then().statusCode(200);
    }

    @Test
    void aWithdrawalCancelsNoticesNotYetSentAndReversesTheRegistry() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        String path = VendorFixtures.subscribe("acme", dataset);
        String host = "wd-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        ReviewDecided decision = decision(dataset, List.of(new RemovalItem("w", "https://" + host + "/w.jpg")));
        scheduler.pause(NoticeDispatcher.JOB);
        try {
            VendorFixtures.send(bootstrapServers, decision);
            Notice planned = await(() -> removalNotice(decision.requestId()));
            assertEquals(0, planned.attempts);

            send(new RequestWithdrawn(UUID.randomUUID(), Instant.now(), decision.requestId()));
            await(() -> removalNotice(decision.requestId()).status == Notice.Status.CANCELLED ? true : null);
        } finally {
            scheduler.resume(NoticeDispatcher.JOB);
        }
        // A later decision for the same vendor is delivered: the dispatcher runs, and still never sends the cancelled one.
        ReviewDecided later = decision(dataset, List.of(new RemovalItem("x", "https://" + host + "/x.jpg")));
        VendorFixtures.send(bootstrapServers, later);
        VendorFixtures.awaitDelivered("acme", later.requestId());
        Notice cancelled = removalNotice(decision.requestId());
        assertEquals(0, cancelled.attempts);
        assertFalse(VendorReceiverResource.to(path).stream().anyMatch(d -> d.webhookId().equals(cancelled.id.toString())),
                "a cancelled notice is never sent");
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> notices.count("requestId = ?1 and kind = ?2",
                decision.requestId(), Notice.Kind.REVERSAL)), "nobody got the original, so nobody gets a reversal");
        assertEquals(List.of(false), checked("https://" + host + "/w.jpg"));
        assertEquals(List.of("REMOVAL w", "REVERSAL w", "REMOVAL x"),
                feedOf(host).stream().map(e -> e.get("kind") + " " + e.get("itemId")).toList());
    }

    @Test
    void aNoticeWhoseLeaseRanOutUnrecordedCountsAsMaybeSent() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        VendorFixtures.subscribe("acme", dataset);
        String host = "lr-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        ReviewDecided decision = decision(dataset, List.of(new RemovalItem("l", "https://" + host + "/l.jpg")));
        scheduler.pause(NoticeDispatcher.JOB);
        try {
            VendorFixtures.send(bootstrapServers, decision);
            Notice planned = await(() -> removalNotice(decision.requestId()));
            // As a crash leaves it: leased, maybe posted, the answer never recorded, the lease run out.
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("UPDATE notice SET leased_until = now() - interval '1 minute' WHERE id = ?1")
                    .setParameter(1, planned.id).executeUpdate());

            send(new RequestWithdrawn(UUID.randomUUID(), Instant.now(), decision.requestId()));
            await(() -> removalNotice(decision.requestId()).status == Notice.Status.CANCELLED ? true : null);
            assertEquals(0, removalNotice(decision.requestId()).attempts);
            assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> notices.count("requestId = ?1 and kind = ?2",
                    decision.requestId(), Notice.Kind.REVERSAL)), "the vendor may have the original, so it gets a reversal");
        } finally {
            scheduler.resume(NoticeDispatcher.JOB);
        }
    }

    @Test
    void aWithdrawalBeforeTheDecisionMeansTheDecisionPlansNothing() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        VendorFixtures.subscribe("acme", dataset);
        String url = "https://early-" + UUID.randomUUID().toString().substring(0, 8) + ".example/e.jpg";
        ReviewDecided decision = decision(dataset, List.of(new RemovalItem("e", url)));
        RequestWithdrawn withdrawal = new RequestWithdrawn(UUID.randomUUID(), Instant.now(), decision.requestId());
        send(withdrawal);
        await(() -> processed(withdrawal) ? true : null);
        VendorFixtures.send(bootstrapServers, decision);
        await(() -> processed(decision) ? true : null);

        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> notices.count("requestId", decision.requestId())));
        assertEquals(List.of(false), checked(url));
    }

    @Test
    void aReversalThatArrivesBeforeItsDecisionKeepsTheReversedItemsFromBeingPropagated() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        VendorFixtures.subscribe("acme", dataset);
        String host = "early-rev-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        RemovalItem a = new RemovalItem("a", "https://" + host + "/a.jpg");
        RemovalItem b = new RemovalItem("b", "https://" + host + "/b.jpg");
        ReviewDecided decision = decision(dataset, List.of(a, b));
        // The admin reversed item a after the decision; the reversal overtakes the decision on its way here.
        DecisionReversed reversal = new DecisionReversed(UUID.randomUUID(), decision.occurredAt().plusSeconds(60),
                decision.requestId(), decision.caseId(), "ADMIN_REVERSAL", List.of(new RemovalItem("a", a.url())));
        send(reversal);
        await(() -> processed(reversal) ? true : null);

        VendorFixtures.send(bootstrapServers, decision);
        Map<String, Object> delivered = VendorFixtures.awaitDelivered("acme", decision.requestId());
        Notice notice = QuarkusTransaction.requiringNew().call(() -> notices.findById(UUID.fromString((String) delivered.get("id"))));
        JsonNode items = new ObjectMapper().readTree(notice.payload).path("items");
        assertEquals(1, items.size(), "only the item that was not reversed is sent");
        assertEquals("b", items.path(0).path("itemId").asText());
        assertEquals(List.of(false, true), checked(a.url(), b.url()));
        assertEquals(List.of("REMOVAL b"), feedOf(host).stream().map(e -> e.get("kind") + " " + e.get("itemId")).toList());
    }

    @Test
    void aDecisionWhoseItemsWereAllReversedBeforeItArrivedPlansNothing() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        VendorFixtures.subscribe("acme", dataset);
        String url = "https://early-all-" + UUID.randomUUID().toString().substring(0, 8) + ".example/x.jpg";
        ReviewDecided decision = decision(dataset, List.of(new RemovalItem("x", url)));
        DecisionReversed reversal = new DecisionReversed(UUID.randomUUID(), decision.occurredAt().plusSeconds(1),
                decision.requestId(), decision.caseId(), "ADMIN_REVERSAL", List.of(new RemovalItem(null, url)));
        send(reversal);
        await(() -> processed(reversal) ? true : null);
        VendorFixtures.send(bootstrapServers, decision);
        await(() -> processed(decision) ? true : null);

        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> notices.count("requestId", decision.requestId())));
        assertEquals(List.of(false), checked(url));
    }

    @Test
    void aReversalOfAnEarlierDecisionDoesNotHoldBackALaterOne() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        VendorFixtures.subscribe("acme", dataset);
        String url = "https://again-" + UUID.randomUUID().toString().substring(0, 8) + ".example/y.jpg";
        ReviewDecided decision = decision(dataset, List.of(new RemovalItem("y", url)));
        // Reversed before this decision was made (it reversed an earlier approval of the same request, e.g. before an appeal).
        DecisionReversed reversal = new DecisionReversed(UUID.randomUUID(), decision.occurredAt().minusSeconds(3600),
                decision.requestId(), decision.caseId(), "ADMIN_REVERSAL", List.of(new RemovalItem("y", url)));
        send(reversal);
        await(() -> processed(reversal) ? true : null);
        VendorFixtures.send(bootstrapServers, decision);
        VendorFixtures.awaitDelivered("acme", decision.requestId());
        assertEquals(List.of(true), checked(url));
    }

    private boolean processed(TakedownEvent event) {
        return QuarkusTransaction.requiringNew().call(() -> !entityManager
                .createNativeQuery("SELECT 1 FROM processed_event WHERE event_id = ?1").setParameter(1, event.eventId())
                .getResultList().isEmpty());
    }

    private Notice removalNotice(UUID requestId) {
        return QuarkusTransaction.requiringNew().call(() -> notices.find("requestId = ?1 and kind = ?2", requestId,
                Notice.Kind.REMOVAL).firstResult());
    }

    private void send(TakedownEvent event) {
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(event);
        }
    }

    private static ReviewDecided decision(String dataset, List<RemovalItem> items) {
        return new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(), ClaimType.COPYRIGHT,
                ReviewOutcome.APPROVED, dataset, "r-1", items, null);
    }

    private static List<Boolean> checked(String... urls) {
        return JsonPath.from(asVendor().contentType("text/plain").body(String.join("\n", urls)).post("/api/v1/check")
                .then().statusCode(200).extract().asString()).getList("urls.removed");
    }

    /** Every feed entry whose URL is on this host, in feed order. */
    private static List<Map<String, Object>> feedOf(String host) {
        List<Map<String, Object>> ours = new java.util.ArrayList<>();
        String after = "0";
        while (true) {
            JsonPath page = JsonPath.from(asVendor().queryParam("after", after).queryParam("limit", 1000).get("/api/v1/removals")
                    .then().statusCode(200).extract().asString());
            List<Map<String, Object>> entries = page.getList("removals");
            if (entries.isEmpty()) {
                return ours;
            }
            entries.stream().filter(e -> String.valueOf(e.get("url")).contains(host)).forEach(ours::add);
            after = page.getString("nextCursor");
        }
    }

    private static <T> T await(java.util.function.Supplier<T> probe) {
        long deadline = System.nanoTime() + VendorFixtures.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            VendorFixtures.pause();
        }
        throw new AssertionError("timed out");
    }
}
