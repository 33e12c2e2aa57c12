package org.takedown.verification.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestVerified;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Abuse screening on a real broker and database, one test per rule; the test profile sets the
 * rate limit to 20 requests a minute, denies {@code cr1_denied} and {@code denied.example}.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "service", value = "verification"))
class ScreeningIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RATE_LIMIT = 20;
    private static final int NETWORK_LIMIT = 5;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void deniedClaimantIsRejected() {
        assertEquals(AbuseScreening.DENIED_CLAIMANT,
                rejectionOf(submitted("cr1_denied", ClaimType.COPYRIGHT, List.of(url()), List.of())).reasonCode());
    }

    @Test
    void manyClaimantsFromOneNetworkShareItsLimitWhileOtherNetworksGoOn() {
        String busyNetwork = "sn1_" + UUID.randomUUID();
        List<RequestSubmitted> fromBusy = new ArrayList<>();
        for (int i = 0; i < NETWORK_LIMIT + 2; i++) {
            fromBusy.add(fromNetwork(busyNetwork));
        }
        RequestSubmitted fromElsewhere = fromNetwork("sn1_" + UUID.randomUUID());

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe outcomes = new KafkaProbe(bootstrapServers, List.of(Topics.REQUESTS_VERIFIED, Topics.REQUESTS_REJECTED))) {
            for (RequestSubmitted request : fromBusy) {
                sender.send(request, 2);
            }
            sender.send(fromElsewhere, 2);

            assertEquals(Topics.REQUESTS_VERIFIED, outcomes.awaitRecord(KafkaProbe.keyed(fromElsewhere.requestId()), WAIT).topic(),
                    "a request from another network was held back by the busy one");
            // Requests of one partition run in parallel lanes, so which of them come first is not fixed;
            // how many pass is: the advisory lock makes the network's count exact.
            int passed = 0;
            for (RequestSubmitted request : fromBusy) {
                ConsumerRecord<String, String> outcome = outcomes.awaitRecord(KafkaProbe.keyed(request.requestId()), WAIT);
                if (outcome.topic().equals(Topics.REQUESTS_VERIFIED)) {
                    passed++;
                } else {
                    assertEquals(AbuseScreening.RATE_LIMITED_NETWORK,
                            EventCodec.read(outcome.value(), RequestRejected.class).reasonCode());
                }
            }
            assertEquals(NETWORK_LIMIT, passed, "requests of the busy network that passed");
        }
    }

    private static RequestSubmitted fromNetwork(String networkRef) {
        return new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), ClaimType.COPYRIGHT, claimant(),
                List.of(url()), List.of(), 0, 0, null, networkRef);
    }

    @Test
    void targetOnADeniedDomainOrItsSubdomainIsRejected() {
        assertEquals(AbuseScreening.DENIED_DOMAIN, rejectionOf(
                submitted(claimant(), ClaimType.COPYRIGHT, List.of("https://cdn.denied.example/a.jpg"), List.of())).reasonCode());
        assertEquals(AbuseScreening.DENIED_DOMAIN, rejectionOf(
                submitted(claimant(), ClaimType.SITE_OPT_OUT, List.of(), List.of("denied.example"))).reasonCode());
    }

    @Test
    void sameTargetsFiledAgainAreLinkedToTheEarlierRequestAndNotProcessed() {
        String claimant = claimant();
        String first = url();
        String second = url();
        RequestSubmitted original = submitted(claimant, ClaimType.COPYRIGHT, List.of(first, second), List.of());
        RequestSubmitted again = submitted(claimant, ClaimType.COPYRIGHT, List.of(second, first), List.of());

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED);
                KafkaProbe rejected = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            sender.send(original);
            verified.awaitRecord(KafkaProbe.keyed(original.requestId()), WAIT);
            sender.send(again);
            RequestRejected duplicate = EventCodec.read(rejected.awaitRecord(KafkaProbe.keyed(again.requestId()), WAIT).value(),
                    RequestRejected.class);
            assertEquals(AbuseScreening.DUPLICATE_REQUEST, duplicate.reasonCode());
            assertEquals(original.requestId(), duplicate.duplicateOf());
            assertTrue(verified.drain(Duration.ofSeconds(1)).stream().noneMatch(KafkaProbe.keyed(again.requestId())),
                    "the duplicate went on to matching");
        }
    }

    @Test
    void sameTargetsFromAnotherClaimantAreNotADuplicate() {
        String target = url();
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED)) {
            RequestSubmitted one = submitted(claimant(), ClaimType.COPYRIGHT, List.of(target), List.of());
            RequestSubmitted other = submitted(claimant(), ClaimType.COPYRIGHT, List.of(target), List.of());
            sender.send(one);
            verified.awaitRecord(KafkaProbe.keyed(one.requestId()), WAIT);
            sender.send(other);
            verified.awaitRecord(KafkaProbe.keyed(other.requestId()), WAIT);
        }
    }

    @Test
    void reviewersSeeRiskFlagsAndScore() {
        RequestSubmitted likeness = submitted(claimant(), ClaimType.LIKENESS, List.of(url()), List.of());
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED)) {
            sender.send(likeness);
            RequestVerified event = EventCodec.read(verified.awaitRecord(KafkaProbe.keyed(likeness.requestId()), WAIT).value(),
                    RequestVerified.class);
            assertEquals(List.of(RiskScorer.NO_EVIDENCE_IMAGES), event.flags());
            assertEquals(20, event.riskScore());
        }
    }

    @Test
    void floodFromOneClaimantIsThrottledAfterTheLimitWhileOthersInterleavedAreAllVerified() {
        String flooder = claimant();
        List<String> others = List.of(claimant(), claimant(), claimant());
        Set<UUID> flood = new HashSet<>();
        Set<UUID> legitimate = new HashSet<>();
        List<RequestSubmitted> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RequestSubmitted request = submitted(flooder, ClaimType.COPYRIGHT, List.of(url()), List.of());
            flood.add(request.requestId());
            events.add(request);
            if (i % 100 == 50) {
                for (String other : others) {
                    RequestSubmitted honest = submitted(other, ClaimType.GDPR_ERASURE, List.of(url()), List.of());
                    legitimate.add(honest.requestId());
                    events.add(honest);
                }
            }
        }
        assertEquals(30, legitimate.size(), "each of the others files fewer than the limit");

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED);
                KafkaProbe rejected = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            Instant start = Instant.now();
            events.forEach(sender::send);
            Duration sending = Duration.between(start, Instant.now());
            assertTrue(sending.compareTo(Duration.ofMinutes(1)) < 0, "the flood took " + sending + ", not within a minute");

            awaitUntil(() -> count(rejected.drain(Duration.ofMillis(300)), flood) + count(verified.drain(Duration.ofMillis(300)), flood)
                    >= flood.size() && count(verified.seen(), legitimate) >= legitimate.size(), Duration.ofSeconds(120));
            verified.drain(Duration.ofSeconds(1));
            rejected.drain(Duration.ofSeconds(1));

            assertEquals(RATE_LIMIT, count(verified.seen(), flood), "flood requests that got through");
            List<ConsumerRecord<String, String>> throttled = rejected.seen().stream()
                    .filter(r -> flood.contains(UUID.fromString(r.key()))).toList();
            assertEquals(1000 - RATE_LIMIT, throttled.size());
            assertTrue(throttled.stream().allMatch(r -> AbuseScreening.RATE_LIMITED.equals(
                    EventCodec.read(r.value(), RequestRejected.class).reasonCode())));
            assertEquals(legitimate.size(), count(verified.seen(), legitimate), "legitimate requests of others lost");
            assertTrue(rejected.seen().stream().noneMatch(r -> legitimate.contains(UUID.fromString(r.key()))),
                    "a legitimate request of another claimant was rejected");
            System.out.printf("flood: %d events sent in %d ms, all verdicts within %d ms%n", events.size(),
                    sending.toMillis(), Duration.between(start, Instant.now()).toMillis());
        }
    }

    private RequestRejected rejectionOf(RequestSubmitted request) {
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe rejected = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            sender.send(request);
            return EventCodec.read(rejected.awaitRecord(KafkaProbe.keyed(request.requestId()), WAIT).value(), RequestRejected.class);
        }
    }

    private static long count(List<ConsumerRecord<String, String>> records, Set<UUID> ids) {
        return records.stream().map(r -> r.key()).distinct().filter(k -> {
            try {
                return ids.contains(UUID.fromString(k));
            } catch (IllegalArgumentException | NullPointerException e) {
                return false;
            }
        }).count();
    }

    private static void awaitUntil(BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + timeout);
            }
        }
    }

    private static String claimant() {
        return "cr1_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String url() {
        return "https://images.example.org/" + UUID.randomUUID() + ".jpg";
    }

    static RequestSubmitted submitted(String claimant, ClaimType type, List<String> urls, List<String> domains) {
        return new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), type, claimant, urls, domains, 0, 0);
    }
}
