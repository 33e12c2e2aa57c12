package org.takedown.propagation;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;

/**
 * New notices go out as soon as the transaction that planned them commits, not at the dispatcher's next scheduled
 * look: with that look an hour away, a decision still reaches the vendor within seconds.
 */
@QuarkusTest
@TestProfile(DispatchWakeUpIT.HourlyLook.class)
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class DispatchWakeUpIT {

    public static class HourlyLook implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("takedown.propagation.dispatch-interval", "1h");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aPlannedNoticeIsDeliveredWithoutWaitingForTheSchedule() throws Exception {
        String url = "https://wake.example/" + UUID.randomUUID() + ".jpg";
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                    ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, VendorReceiverResource.CONFIGURED_DATASET, "2026-11",
                    List.of(new RemovalItem("i-wake", url)), null));
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        boolean delivered = false;
        while (!delivered && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            delivered = VendorReceiverResource.to("acme").stream().anyMatch(d -> d.body().contains(url));
        }
        assertTrue(delivered, "the notice waited for the hourly look instead of going out after its commit");
    }
}
