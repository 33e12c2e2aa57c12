package org.takedown.matching.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.MatchesFound;
import org.takedown.events.RequestVerified;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Data sets declared in a bootstrap file (as the dev stack declares its demo data sets) are registered, their
 * releases ingested and activated at start-up, and a request finds an item in every release it is in.
 */
@QuarkusTest
@TestProfile(RegistryBootstrapIT.Bootstrapped.class)
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
class RegistryBootstrapIT {

    /** Its own index root: the releases it activates are not published where the other tests' services look. */
    public static class Bootstrapped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("takedown.matching.registry.bootstrap", "src/test/resources/registry-bootstrap/registry.json",
                    "takedown.matching.dataset.index-root", "target/bootstrap-indexes-" + UUID.randomUUID());
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void declaredReleasesAreIngestedActivatedAndSearchedBesideTheConfiguredOne() {
        given().when().get("/api/v1/datasets/boot-a").then().statusCode(200)
                .body("name", equalTo("Bootstrap A"))
                .body("releases.find { it.id == 'r1' }.state", equalTo("ACTIVE"))
                .body("releases.find { it.id == 'r1' }.itemCount", equalTo(2))
                .body("releases.find { it.id == 'r2' }.state", equalTo("ACTIVE"));

        RequestVerified verified = new RequestVerified(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, List.of("https://bootstrap-it.example/1.jpg"), List.of(), 0, 0, 0, List.of());
        MatchesFound found;
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe matches = new KafkaProbe(bootstrapServers, Topics.MATCHES_FOUND)) {
            sender.send(verified);
            found = EventCodec.read(matches.awaitRecord(KafkaProbe.keyed(verified.requestId()), Duration.ofSeconds(30)).value(),
                    MatchesFound.class);
        }
        assertEquals(List.of("boot-a/r1/b-1", "boot-a/r2/b-1"), found.candidates().stream()
                .map(c -> c.datasetId() + "/" + c.releaseId() + "/" + c.itemId()).sorted().toList());
        assertEquals("boot-a", found.datasetId());
        assertEquals(MatchesFound.SEVERAL, found.releaseId());
    }
}
