package org.takedown.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;

/**
 * A decision whose items are in several data sets (matching searches every active release): each vendor gets one
 * notice with only the items of the data set it subscribes to; a notice with items of one release names it, one
 * with items of several names {@code *} and each item its own.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class PerDatasetNoticesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void eachVendorIsNotifiedOfTheItemsInTheDataSetsItSubscribesTo() throws Exception {
        String first = RegistryFixtures.uniqueId("ds");
        String second = RegistryFixtures.uniqueId("ds");
        RegistryFixtures.RegisteredVendor onFirst = RegistryFixtures.vendorAt("ok", first);
        RegistryFixtures.RegisteredVendor onSecond = RegistryFixtures.vendorAt("ok", second);
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, "*", "*", List.of(
                        new RemovalItem("a-1", "https://a.example/1.jpg", null, first, "2026-11"),
                        new RemovalItem("a-1", "https://a.example/1.jpg", null, first, "2026-12"),
                        new RemovalItem("b-7", "https://b.example/7.jpg", null, second, "r1")), null);

        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(decision);
        }

        JsonNode toFirst = notice("ok/" + onFirst.id());
        JsonNode toSecond = notice("ok/" + onSecond.id());
        assertEquals("* *", toFirst.get("datasetId").asText() + " " + toFirst.get("releaseId").asText());
        assertEquals(List.of(first + " 2026-11 a-1", first + " 2026-12 a-1"), describe(toFirst));
        assertEquals(second + " r1", toSecond.get("datasetId").asText() + " " + toSecond.get("releaseId").asText());
        assertEquals(List.of("b-7"), describe(toSecond));
    }

    /** Each item as "dataset release itemId" when it names its release, else its id alone; sorted. */
    private static List<String> describe(JsonNode notice) {
        List<String> lines = new ArrayList<>();
        for (JsonNode item : notice.get("items")) {
            lines.add(item.has("datasetId") ? item.get("datasetId").asText() + " " + item.get("releaseId").asText() + " "
                    + item.get("itemId").asText() : item.get("itemId").asText());
        }
        return lines.stream().sorted().toList();
    }

    /** Waits for the notice at {@code path}, then a moment longer to see that no second one comes. */
    private static JsonNode notice(String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (VendorReceiverResource.to(path).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling interval
        }
        Thread.sleep(500);
        List<VendorReceiverResource.Delivery> deliveries = VendorReceiverResource.to(path);
        assertEquals(1, deliveries.size(), "notices at " + path);
        return JSON.readTree(deliveries.get(0).body());
    }
}
