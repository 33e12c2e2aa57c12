package org.takedown.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.RequestVerified;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
class MatchingFlowIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void exactUrlFindsTheItemAndSaysWhy() {
        MatchesFound found = match(List.of("https://images.example.org/cats/2.jpg"), List.of());

        assertEquals("test-set", found.datasetId());
        assertEquals("2026-01", found.releaseId());
        assertEquals(1, found.candidates().size());
        MatchCandidate candidate = found.candidates().get(0);
        assertEquals("m-2", candidate.itemId());
        assertEquals(List.of("EXACT_URL"), candidate.signals());
        assertEquals("two cats", candidate.caption());
    }

    @Test
    void domainFindsEveryItemOnItAndItsSubdomainsOnly() {
        MatchesFound found = match(List.of(), List.of("artist.example"));

        assertEquals(List.of("m-3", "m-4"), found.candidates().stream().map(MatchCandidate::itemId).sorted().toList());
        assertTrue(found.candidates().stream().allMatch(c -> c.signals().equals(List.of("DOMAIN"))));
        assertEquals(2, found.totalCandidates());
    }

    @Test
    void unknownUrlIsNoMatch() {
        MatchesFound found = match(List.of("https://images.example.org/cats/404.jpg"), List.of());

        assertTrue(found.candidates().isEmpty());
        assertEquals(0, found.totalCandidates());
    }

    private MatchesFound match(List<String> urls, List<String> domains) {
        RequestVerified verified = new RequestVerified(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, urls, domains, 0, 0, 0, List.of());
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe matches = new KafkaProbe(bootstrapServers, Topics.MATCHES_FOUND)) {
            sender.send(verified);
            return EventCodec.read(matches.awaitRecord(KafkaProbe.keyed(verified.requestId()), Duration.ofSeconds(30)).value(),
                    MatchesFound.class);
        }
    }
}
