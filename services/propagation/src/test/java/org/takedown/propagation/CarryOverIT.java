package org.takedown.propagation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.ReleaseActivated;
import org.takedown.events.RemovalItem;
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Carry-over to a newly activated release (ADR 017): the same URL and the same picture under a new URL are removed
 * again (one notice per subscribed vendor, naming the decision's notice; the check answers them removed), a near copy
 * is announced for review, and a re-activation or a redelivered activation sends nothing twice.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
@WithTestResource(FakeMatchingRelease.class)
class CarryOverIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theSameUrlAndTheSamePictureAreRemovedAgainOnceAndANearCopyGoesToReview() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", dataset);
        String path = "ok/" + vendor.id();
        String sameUrlHash = randomHash();
        String samePictureHash = randomHash();
        String nearHash = randomHash();
        String unrelatedHash = randomHash();
        UUID request = UUID.randomUUID();
        // Microseconds: what PostgreSQL keeps of the decision's time.
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), request,
                UUID.randomUUID(), ClaimType.GDPR_ERASURE, ReviewOutcome.APPROVED, dataset, "2026-06", List.of(
                        new RemovalItem("a-1", "https://a.example/1.jpg", sameUrlHash),
                        new RemovalItem("a-2", "https://a.example/2.jpg", samePictureHash),
                        new RemovalItem("a-3", "https://a.example/3.jpg", nearHash),
                        new RemovalItem("a-4", "https://a.example/4.jpg", unrelatedHash)), null);
        String release = "2026-12-" + UUID.randomUUID().toString().substring(0, 6);
        FakeMatchingRelease.release(dataset, release, List.of(
                new FakeMatchingRelease.Item("n-1", "https://a.example/1.jpg", randomHash()),
                new FakeMatchingRelease.Item("n-2", "https://mirror.example/renamed.jpg", samePictureHash),
                new FakeMatchingRelease.Item("n-3", "https://c.example/near.jpg", flipBits(nearHash, 5)),
                new FakeMatchingRelease.Item("n-4", "https://d.example/other.jpg", randomHash())));

        JsonNode original;
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe carried = new KafkaProbe(bootstrapServers, Topics.REMOVALS_CARRIED_OVER)) {
            sender.send(decision);
            original = awaitNotices(path, 1).get(0);

            ReleaseActivated activated = ReleaseActivated.of(dataset, release, 4, Instant.now());
            sender.send(activated);
            List<JsonNode> both = awaitNotices(path, 2);
            JsonNode again = both.get(1);
            assertEquals(release, again.get("releaseId").asText());
            assertEquals("GDPR_ERASURE", again.get("legalBasis").asText());
            assertEquals(original.get("noticeId").asText(), again.at("/carriedOver/noticeId").asText());
            assertEquals("[\"2026-06\"]", again.at("/carriedOver/fromReleaseIds").toString());
            assertEquals(List.of("n-1", "n-2"), itemIds(again));

            RemovalsCarriedOver event = EventCodec.read(carried.awaitRecord(KafkaProbe.keyed(request), Duration.ofSeconds(30))
                    .value(), RemovalsCarriedOver.class);
            assertEquals(List.of("n-1", "n-2"), event.removedAgain().stream().map(RemovalItem::itemId).sorted().toList());
            assertEquals(1, event.nearDuplicates().size());
            RemovalsCarriedOver.NearDuplicate near = event.nearDuplicates().get(0);
            assertEquals(List.of("n-3", "5", "a-3", "2026-06"),
                    List.of(near.itemId(), String.valueOf(near.distance()), near.removedItemId(), near.removedReleaseId()));
            assertEquals(decision.occurredAt(), event.decidedAt());

            // The operator activates the release again, and the broker redelivers the first activation.
            sender.send(ReleaseActivated.of(dataset, release, 4, Instant.now()));
            sender.send(activated);
            // What a second carry-over would need to plan, deliver and publish.
            assertEquals(1, carried.drain(Duration.ofSeconds(3)).stream().filter(KafkaProbe.keyed(request)).count());
            assertEquals(2, VendorReceiverResource.to(path).size(), "notices at " + path);
        }
        Callers.asVendor().contentType(ContentType.JSON)
                .body(Map.of("urls", List.of("https://mirror.example/renamed.jpg", "https://c.example/near.jpg")))
                .post("/api/v1/check").then().statusCode(200)
                .body("urls[0].removed", equalTo(true)).body("urls[1].removed", equalTo(false));
    }

    @Test
    void aReleaseWithoutAnyRemovedItemSendsNothing() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", dataset);
        String release = "r-" + UUID.randomUUID().toString().substring(0, 6);
        FakeMatchingRelease.release(dataset, release, List.of(
                new FakeMatchingRelease.Item("n-9", "https://z.example/9.jpg", randomHash())));
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, dataset, "r-0",
                List.of(new RemovalItem("a-1", "https://y.example/1.jpg", randomHash())), null);
        int callsBefore = FakeMatchingRelease.CALLS.get();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(decision);
            awaitNotices("ok/" + vendor.id(), 1);
            sender.send(ReleaseActivated.of(dataset, release, 1, Instant.now()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (FakeMatchingRelease.CALLS.get() == callsBefore && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling interval
            }
            assertTrue(FakeMatchingRelease.CALLS.get() > callsBefore, "the release was looked up");
            // A marker behind it on the same partition (keyed by data set): a release that does hold the removed URL.
            // Once its notice is in, the first activation has been applied in full.
            String marker = "r-" + UUID.randomUUID().toString().substring(0, 6);
            FakeMatchingRelease.release(dataset, marker, List.of(
                    new FakeMatchingRelease.Item("m-1", "https://y.example/1.jpg", randomHash())));
            sender.send(ReleaseActivated.of(dataset, marker, 1, Instant.now()));
            List<JsonNode> notices = awaitNotices("ok/" + vendor.id(), 2);
            assertEquals(List.of("r-0", marker), notices.stream().map(n -> n.get("releaseId").asText()).toList(),
                    "a release without removed items got a notice");
        }
    }

    @Test
    void aReviewersApprovalOfNearCopiesInAReleaseIsNotifiedBesideTheAutomaticCarryOver() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", dataset);
        String path = "ok/" + vendor.id();
        String hash = randomHash();
        UUID request = UUID.randomUUID();
        String release = "r-" + UUID.randomUUID().toString().substring(0, 6);
        FakeMatchingRelease.release(dataset, release, List.of(
                new FakeMatchingRelease.Item("n-1", "https://e.example/1.jpg", randomHash()),
                new FakeMatchingRelease.Item("n-2", "https://f.example/near.jpg", flipBits(hash, 4))));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new ReviewDecided(UUID.randomUUID(), Instant.now(), request, UUID.randomUUID(), ClaimType.COPYRIGHT,
                    ReviewOutcome.APPROVED, dataset, "r-0", List.of(
                            new RemovalItem("a-1", "https://e.example/1.jpg", randomHash()),
                            new RemovalItem("a-2", "https://e.example/2.jpg", hash)), null));
            awaitNotices(path, 1);
            sender.send(ReleaseActivated.of(dataset, release, 2, Instant.now()));
            awaitNotices(path, 2);

            sender.send(ReviewDecided.of(request, UUID.randomUUID(), ClaimType.COPYRIGHT, ReviewOutcome.APPROVED)
                    .release(dataset, release).carriedTo(release)
                    .approvedItems(List.of(new RemovalItem("n-2", "https://f.example/near.jpg", null, dataset, release)))
                    .build());
            JsonNode reviewed = awaitNotices(path, 3).get(2);
            assertEquals(List.of("n-2"), itemIds(reviewed));
            assertEquals(release, reviewed.get("releaseId").asText());
        }
    }

    private static List<String> itemIds(JsonNode notice) {
        List<String> ids = new ArrayList<>();
        notice.get("items").forEach(i -> ids.add(i.get("itemId").asText()));
        return ids.stream().sorted().toList();
    }

    /** Waits until {@code count} notices arrived at {@code path}; returns them in arrival order. */
    private static List<JsonNode> awaitNotices(String path, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (VendorReceiverResource.to(path).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling interval
        }
        List<JsonNode> notices = new ArrayList<>();
        for (VendorReceiverResource.Delivery delivery : VendorReceiverResource.to(path)) {
            notices.add(JSON.readTree(delivery.body()));
        }
        assertEquals(count, notices.size(), "notices at " + path);
        return notices;
    }

    private static String randomHash() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%016x", ThreadLocalRandom.current().nextLong()));
        }
        return hex.toString();
    }

    /** {@code hash} with its lowest {@code bits} bits flipped. */
    private static String flipBits(String hash, int bits) {
        BigInteger flipped = new BigInteger(hash, 16).xor(BigInteger.ONE.shiftLeft(bits)
                .subtract(BigInteger.ONE));
        return String.format("%064x", flipped);
    }
}
