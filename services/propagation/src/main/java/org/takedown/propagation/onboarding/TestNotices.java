package org.takedown.propagation.onboarding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.propagation.notice.NoticePayload;
import org.takedown.propagation.vendor.VendorEndpoint;
import org.takedown.propagation.vendor.VendorEndpointRepository;
import org.takedown.propagation.vendor.VendorRepository;
import org.takedown.propagation.webhook.DeliveryResult;
import org.takedown.propagation.webhook.SigningSecrets;
import org.takedown.propagation.webhook.WebhookClient;
import org.takedown.web.ProblemException;

/**
 * A test delivery to a vendor's enabled endpoints, so that a vendor can see its receiver verify our signature before
 * the first real notice: type {@link #TYPE}, no items, no data set, signed with the vendor's current secrets and sent
 * through the same {@link WebhookClient} (and so the same outbound guard) as every notice. Sent once, at once, not
 * stored as a notice and not retried; the answer says how each endpoint answered.
 */
@ApplicationScoped
public class TestNotices {

    public static final String TYPE = "takedown.notice.test";
    private static final Logger LOG = Logger.getLogger(TestNotices.class);

    /** One endpoint's answer: its HTTP status (null without one), whether that is a 2xx, the time taken, the error. */
    public record EndpointResult(UUID endpointId, String url, Integer status, boolean delivered, long millis, String error) {
    }

    /** The test notice's {@code webhook-id} (also its {@code noticeId}) and each endpoint's result. */
    public record TestNoticeResult(String webhookId, String type, List<EndpointResult> endpoints) {
    }

    private final VendorRepository vendors;
    private final VendorEndpointRepository endpoints;
    private final SigningSecrets secrets;
    private final WebhookClient client;
    private final ObjectMapper json;

    TestNotices(VendorRepository vendors, VendorEndpointRepository endpoints, SigningSecrets secrets, WebhookClient client,
            ObjectMapper json) {
        this.vendors = vendors;
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.client = client;
        this.json = json;
    }

    /** The vendor's enabled endpoints and current secrets; 404 for an unknown vendor. */
    @Transactional
    Target target(String vendorId) {
        if (vendors.findByIdOptional(vendorId).isEmpty()) {
            throw ProblemException.notFound("vendor " + vendorId);
        }
        List<VendorEndpoint> enabled = endpoints.ofVendor(vendorId).stream().filter(e -> e.enabled).toList();
        return new Target(enabled.stream().map(e -> new Endpoint(e.id, e.url)).toList(), secrets.current(vendorId));
    }

    record Endpoint(UUID id, String url) {
    }

    record Target(List<Endpoint> endpoints, List<String> secrets) {
    }

    /** Sends the test notice to each enabled endpoint in turn (outside any transaction). */
    public TestNoticeResult send(String vendorId) {
        Target target = target(vendorId);
        if (target.endpoints().isEmpty()) {
            throw ProblemException.conflict("no-enabled-endpoint",
                    "vendor " + vendorId + " has no enabled endpoint to send a test notice to");
        }
        if (target.secrets().isEmpty()) {
            throw ProblemException.conflict("no-signing-secret",
                    "vendor " + vendorId + " has no valid signing secret; rotate it to get one");
        }
        UUID id = UUID.randomUUID();
        String body = write(new NoticePayload(id, TYPE, null, null, "TEST", List.of(), List.of(), Instant.now()));
        List<EndpointResult> results = new ArrayList<>();
        for (Endpoint endpoint : target.endpoints()) {
            long start = System.nanoTime();
            DeliveryResult result = client.post(endpoint.url(), id.toString(), body, target.secrets());
            long millis = (System.nanoTime() - start) / 1_000_000;
            Integer status = result.status() > 0 ? result.status() : null;
            String error = result.delivered() ? null
                    : result.error() != null ? result.error() : "HTTP " + result.status();
            results.add(new EndpointResult(endpoint.id(), endpoint.url(), status, result.delivered(), millis, error));
        }
        LOG.infof("test notice %s to vendor %s: %d of %d endpoints answered 2xx", id, vendorId,
                results.stream().filter(EndpointResult::delivered).count(), results.size());
        return new TestNoticeResult(id.toString(), TYPE, results);
    }

    private String write(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("test notice cannot be written", e);
        }
    }
}
