package org.takedown.propagation.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.propagation.pdq.Pdq;

/** The PDQ hashes a decision propagates: {@link RemovalItem#pdq()} first, the raw payload's for older payloads. */
class ItemHashesTest {

    private static final String A = "ab".repeat(32);
    private static final String B = "cd".repeat(32);

    @Test
    void theItemsOwnHashIsUsedInNormalFormAndOldPayloadsStillCount() {
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, "ds", "r", List.of(
                        new RemovalItem("a", "https://x.example/a.jpg", A.toUpperCase()),
                        new RemovalItem("b", "https://x.example/b.jpg"),
                        new RemovalItem(null, "https://x.example/c.jpg", "not a hash")),
                null);
        Map<String, String> raw = Map.of(Pdq.key("b", "https://x.example/b.jpg"), B);

        Map<String, String> hashes = PropagationService.withItemHashes(decision, raw);

        assertEquals(Map.of(Pdq.key("a", "https://x.example/a.jpg"), A, Pdq.key("b", "https://x.example/b.jpg"), B), hashes);
        assertEquals(Map.of(Pdq.key("a", "https://x.example/a.jpg"), A), PropagationService.withItemHashes(decision, Map.of()),
                "without the raw reading, the item's own field still gives the hash");
    }
}
