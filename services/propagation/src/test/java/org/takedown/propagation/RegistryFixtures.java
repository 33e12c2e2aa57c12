package org.takedown.propagation;

import static org.takedown.propagation.Callers.asAdmin;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.takedown.events.ClaimType;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;

/** Builders for registry-backed tests: vendors registered over the admin API, decisions for their data sets. */
final class RegistryFixtures {

    /** A registered vendor and the secret that the registration answered with. */
    record RegisteredVendor(String id, String secret, String endpointId) {
    }

    /** An API key as its issuance answered it (the only time the key is shown). */
    record IssuedKey(String id, String key) {
    }

    private RegistryFixtures() {
    }

    /** Registers a vendor without endpoints (it gets no notices; enough for API keys). */
    static String vendor() {
        String id = uniqueId("v");
        asAdmin().contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Vendor " + id, "contactEmail", "trust@" + id + ".example"))
                .post("/api/v1/admin/vendors")
                .then().statusCode(201);
        return id;
    }

    /** Issues an API key to the vendor over the admin API. */
    static IssuedKey apiKeyOf(String vendorId) {
        var answer = asAdmin().post("/api/v1/admin/vendors/{id}/api-keys", vendorId).then().statusCode(201).extract();
        return new IssuedKey(answer.path("id"), answer.path("key"));
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers a vendor with one endpoint at {@code receiverPath} (e.g. {@code ok}) subscribed to {@code dataset}. */
    static RegisteredVendor vendorAt(String receiverPath, String dataset) {
        String id = uniqueId("v");
        String secret = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Vendor " + id, "contactEmail", "trust@" + id + ".example"))
                .post("/api/v1/admin/vendors")
                .then().statusCode(201).extract().path("signingSecret");
        String endpointId = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("url", VendorReceiverResource.base + "/" + receiverPath + "/" + id, "datasets", List.of(dataset)))
                .post("/api/v1/admin/vendors/{id}/endpoints", id)
                .then().statusCode(201).extract().path("id");
        return new RegisteredVendor(id, secret, endpointId);
    }

    static ReviewDecided approval(String dataset) {
        return new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(), ClaimType.COPYRIGHT,
                ReviewOutcome.APPROVED, dataset, "r-1", List.of(new RemovalItem("i-9", "https://b.example/9.jpg")), null);
    }
}
