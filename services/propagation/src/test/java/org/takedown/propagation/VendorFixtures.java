package org.takedown.propagation;

import static org.takedown.propagation.Callers.asAdmin;
import static org.takedown.propagation.Callers.asVendor;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.takedown.testing.EventSender;
import org.takedown.events.ReviewDecided;

/** The realm's vendor clients (acme, globex) in the registry, subscribed to per-test data sets at the /ok/ receiver. */
final class VendorFixtures {

    static final Duration WAIT = Duration.ofSeconds(30);

    private VendorFixtures() {
    }

    /** Registers the vendor (once) and gives it an endpoint {@code /ok/<vendor>-<dataset>} for the data set; its receiver path. */
    static String subscribe(String vendorId, String dataset) {
        if (asAdmin().get("/api/v1/admin/vendors/{id}", vendorId).statusCode() == 404) {
            asAdmin().contentType(ContentType.JSON)
                    .body(Map.of("id", vendorId, "name", "Vendor " + vendorId, "contactEmail", "trust@" + vendorId + ".example"))
                    .post("/api/v1/admin/vendors").then().statusCode(201);
        }
        String path = "ok/" + vendorId + "-" + dataset;
        asAdmin().contentType(ContentType.JSON)
                .body(Map.of("url", VendorReceiverResource.base + "/" + path, "datasets", List.of(dataset)))
                .post("/api/v1/admin/vendors/{id}/endpoints", vendorId).then().statusCode(201);
        return path;
    }

    static void send(String bootstrapServers, ReviewDecided decision) {
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(decision);
        }
    }

    /** The vendor's delivered removal notice for the request, as the vendor API shows it. */
    static Map<String, Object> awaitDelivered(String vendorId, UUID requestId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> notices = asVendor(vendorId).get("/api/v1/vendor/notices?limit=1000").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            for (Map<String, Object> notice : notices) {
                if (requestId.toString().equals(notice.get("requestId")) && "REMOVAL".equals(notice.get("kind"))
                        && "DELIVERED".equals(notice.get("deliveryStatus"))) {
                    return notice;
                }
            }
            pause();
        }
        throw new AssertionError("no delivered notice to " + vendorId + " for request " + requestId);
    }

    static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
