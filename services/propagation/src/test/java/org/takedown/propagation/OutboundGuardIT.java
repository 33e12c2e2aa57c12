package org.takedown.propagation;

import static org.takedown.propagation.Callers.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.NoticeRepository;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class OutboundGuardIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    NoticeRepository notices;

    /** An endpoint accepted at registration whose name later resolves to the metadata service is still refused at delivery. */
    @Test
    void aNoticeToTheMetadataAddressFailsAtOnceWithTheReason() throws InterruptedException {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Notice notice = new Notice();
            notice.id = id;
            notice.requestId = UUID.randomUUID();
            notice.vendorId = "acme";
            notice.endpointUrl = "http://169.254.169.254/latest/meta-data/";
            notice.payload = "{}";
            notice.status = Notice.Status.PENDING;
            notice.nextAttemptAt = Instant.now();
            notice.createdAt = Instant.now();
            notices.persist(notice);
        });

        Notice failed = awaitSettled(id);
        assertEquals(Notice.Status.FAILED, failed.status);
        assertEquals(1, failed.attempts, "a refused address is not retried");
        assertTrue(failed.lastError.contains("refused by the outbound guard") && failed.lastError.contains("link-local"),
                failed.lastError);
    }

    @Test
    void registeringAPrivateEndpointIsABadRequestAndWritesNothing() {
        String vendor = RegistryFixtures.vendorAt("ok", "guard-ds").id();
        for (String url : List.of("http://10.1.2.3/hook", "http://169.254.169.254/latest", "http://0.0.0.0:8080/",
                "ftp://vendor.example/hook", "http://user:pw@127.0.0.1/hook")) {
            asAdmin().contentType(ContentType.JSON).body(Map.of("url", url))
                    .post("/api/v1/admin/vendors/{id}/endpoints", vendor)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("url"))
                    .body("detail", containsString("url"));
        }
        asAdmin().get("/api/v1/admin/vendors/{id}", vendor).then().statusCode(200).body("endpoints.size()", equalTo(1));
    }

    @Test
    void aRedirectIsNotFollowed() throws InterruptedException {
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("redirect", "redirect-ds");
        QuarkusTransaction.requiringNew().run(() -> {
            Notice notice = new Notice();
            notice.id = UUID.randomUUID();
            notice.requestId = UUID.randomUUID();
            notice.vendorId = vendor.id();
            notice.endpointUrl = VendorReceiverResource.base + "/redirect/" + vendor.id();
            notice.payload = "{}";
            notice.status = Notice.Status.PENDING;
            notice.nextAttemptAt = Instant.now();
            notice.createdAt = Instant.now();
            notices.persist(notice);
        });
        Instant deadline = Instant.now().plus(WAIT);
        while (VendorReceiverResource.to("redirect/" + vendor.id()).size() < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertTrue(VendorReceiverResource.to("redirect/" + vendor.id()).size() >= 2, "the notice should be retried after a 302");
        assertEquals(List.of(), VendorReceiverResource.to("ok/" + vendor.id()), "the redirect target must never be called");
    }

    private Notice awaitSettled(UUID id) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            Notice notice = QuarkusTransaction.requiringNew().call(() -> notices.findById(id));
            if (notice.status != Notice.Status.PENDING) {
                return notice;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("notice " + id + " still pending after " + WAIT);
    }
}
