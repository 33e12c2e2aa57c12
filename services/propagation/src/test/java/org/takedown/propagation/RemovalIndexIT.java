package org.takedown.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.takedown.propagation.Callers.asVendor;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.takedown.propagation.removal.index.RemovalIndex;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The in-memory index behind the check follows the removal feed: rows another replica wrote straight into PostgreSQL
 * (no commit hook here) are answered within the refresh interval, reversals stop matching, and a URL that two standing
 * removals share keeps matching until both are reversed.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class RemovalIndexIT {

    @Inject
    EntityManager entityManager;

    @Inject
    RemovalIndex index;

    @Test
    void followsWhatAnotherReplicaRecordsAndReverses() {
        awaitTrue(index::ready);
        String url = "https://replica-" + UUID.randomUUID().toString().substring(0, 8) + ".example/a.jpg";
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        assertEquals(List.of(false), checked(url));

        long removal1 = insertRemoval(first, url);
        awaitTrue(() -> checked(url).equals(List.of(true)));
        long removal2 = insertRemoval(second, url);

        reverse(removal1, url);
        long after = feedHead();
        awaitTrue(() -> feedCursorPassed(after));
        assertEquals(List.of(true), checked(url), "the second removal of the same URL still stands");

        reverse(removal2, url);
        awaitTrue(() -> checked(url).equals(List.of(false)));
        // Upper case and a default port: the same URL for the normaliser, so the same fingerprint.
        assertEquals(List.of(false), checked(url.replace("https://", "HTTPS://").replace(".example/", ".example:443/")));
    }

    private long insertRemoval(UUID requestId, String url) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "INSERT INTO removal (request_id, dataset_id, release_id, item_id, url, removed_at) VALUES (?1, 'replica', 'r', 'i', ?2, now())"
                        + " RETURNING id").setParameter(1, requestId).setParameter(2, url).getSingleResult()).longValue());
    }

    private void reverse(long removalId, String url) {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("UPDATE removal SET reversed_at = now() WHERE id = ?1").setParameter(1, removalId)
                    .executeUpdate();
            entityManager.createNativeQuery("INSERT INTO removal (request_id, dataset_id, release_id, item_id, url, removed_at, kind,"
                    + " reversed_at, reverses_id) SELECT request_id, dataset_id, release_id, item_id, url, removed_at, 'REVERSAL', now(), id"
                    + " FROM removal WHERE id = ?1").setParameter(1, removalId).executeUpdate();
        });
    }

    private long feedHead() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT max(id) FROM removal").getSingleResult()).longValue());
    }

    private boolean feedCursorPassed(long id) {
        return index.cursor() >= id;
    }

    private static List<Boolean> checked(String... urls) {
        return JsonPath.from(asVendor().contentType("text/plain").body(String.join("\n", urls)).post("/api/v1/check")
                .then().statusCode(200).extract().asString()).getList("urls.removed");
    }

    private static void awaitTrue(Supplier<Boolean> probe) {
        long deadline = System.nanoTime() + VendorFixtures.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.get()) {
                return;
            }
            VendorFixtures.pause();
        }
        assertTrue(probe.get(), "timed out");
    }
}
