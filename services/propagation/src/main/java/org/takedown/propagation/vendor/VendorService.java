package org.takedown.propagation.vendor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.propagation.notice.NoticePayload;
import org.takedown.propagation.notice.PropagationConfig;
import org.takedown.propagation.outbound.OutboundGuard;
import org.takedown.propagation.outbound.OutboundRefusedException;
import org.takedown.propagation.vendor.VendorApi.EndpointRegistration;
import org.takedown.propagation.vendor.VendorApi.EndpointView;
import org.takedown.propagation.vendor.VendorApi.SecretRotated;
import org.takedown.propagation.vendor.VendorApi.VendorChange;
import org.takedown.propagation.vendor.VendorApi.VendorCreated;
import org.takedown.propagation.vendor.VendorApi.VendorRegistration;
import org.takedown.propagation.vendor.VendorApi.VendorView;
import org.takedown.propagation.webhook.SigningSecrets;
import org.takedown.propagation.webhook.WebhookSigner;
import org.takedown.web.ProblemException;

/** The vendor registry: vendors, their endpoints and their signing secrets. */
@ApplicationScoped
public class VendorService implements SigningSecrets {

    private static final Logger LOG = Logger.getLogger(VendorService.class);
    /**
     * What an endpoint can subscribe to. Notices are planned for endpoints subscribed to
     * {@code takedown.removal}; reminders and reversals go to the endpoint that got the removal notice.
     */
    static final List<String> KNOWN_EVENT_TYPES = List.of(VendorEndpoint.ANY, NoticePayload.REMOVAL, NoticePayload.REMINDER,
            NoticePayload.REVERSAL);

    private final VendorRepository vendors;
    private final VendorEndpointRepository endpoints;
    private final VendorSecretRepository secrets;
    private final OutboundGuard guard;
    private final PropagationConfig config;

    VendorService(VendorRepository vendors, VendorEndpointRepository endpoints, VendorSecretRepository secrets,
            OutboundGuard guard, PropagationConfig config) {
        this.vendors = vendors;
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.guard = guard;
        this.config = config;
    }

    @Transactional
    public VendorCreated register(VendorRegistration registration) {
        if (vendors.findById(registration.id()) != null) {
            throw ProblemException.conflict("vendor-exists", "vendor " + registration.id() + " is already registered");
        }
        Vendor vendor = new Vendor();
        vendor.id = registration.id();
        vendor.name = registration.name().strip();
        vendor.contactEmail = registration.contactEmail().strip();
        vendor.enabled = registration.enabled() == null || registration.enabled();
        vendor.createdAt = Instant.now();
        vendors.persist(vendor);
        String secret = addSecret(vendor.id, WebhookSigner.newSecret());
        LOG.infof("vendor %s registered", vendor.id);
        return new VendorCreated(view(vendor), secret);
    }

    @Transactional
    public List<VendorView> list() {
        return vendors.listAll(io.quarkus.panache.common.Sort.by("id")).stream().map(this::view).toList();
    }

    @Transactional
    public VendorView get(String vendorId) {
        return view(existing(vendorId));
    }

    @Transactional
    public VendorView change(String vendorId, VendorChange change) {
        Vendor vendor = existing(vendorId);
        if (change.name() != null) {
            vendor.name = change.name().strip();
        }
        if (change.contactEmail() != null) {
            vendor.contactEmail = change.contactEmail().strip();
        }
        if (change.enabled() != null) {
            vendor.enabled = change.enabled();
            vendor.retiredAt = null;
        }
        return view(vendor);
    }

    @Transactional
    public EndpointView addEndpoint(String vendorId, EndpointRegistration registration) {
        existing(vendorId);
        List<String> eventTypes = registration.eventTypes() == null ? List.of() : registration.eventTypes();
        for (int i = 0; i < eventTypes.size(); i++) {
            if (!KNOWN_EVENT_TYPES.contains(eventTypes.get(i))) {
                throw ProblemException.invalidField("eventTypes[" + i + "]", "must be one of " + KNOWN_EVENT_TYPES);
            }
        }
        String url = registration.url().strip();
        try {
            guard.check(url);
        } catch (OutboundRefusedException e) {
            throw ProblemException.invalidField("url", e.getMessage());
        } catch (UnknownHostException e) {
            throw ProblemException.invalidField("url", "the host does not resolve");
        }
        return EndpointView.of(addEndpoint(vendorId, url, registration.eventTypes(), registration.datasets()));
    }

    @Transactional
    public EndpointView setEndpointEnabled(String vendorId, UUID endpointId, boolean enabled) {
        VendorEndpoint endpoint = endpoints.findById(endpointId);
        if (endpoint == null || !endpoint.vendorId.equals(vendorId)) {
            throw ProblemException.notFound("endpoint " + endpointId);
        }
        endpoint.enabled = enabled;
        endpoint.disabledReason = enabled ? null : "disabled by an administrator";
        return EndpointView.of(endpoint);
    }

    /** A new current secret; the ones valid so far stay valid for the grace period, and deliveries carry both signatures. */
    @Transactional
    public SecretRotated rotateSecret(String vendorId, Optional<Duration> gracePeriod) {
        existing(vendorId);
        Instant now = Instant.now();
        Instant until = now.plus(gracePeriod.orElse(config.secretGracePeriod()));
        for (VendorSecret old : secrets.valid(vendorId, now)) {
            if (old.expiresAt == null || old.expiresAt.isAfter(until)) {
                old.expiresAt = until;
            }
        }
        String secret = addSecret(vendorId, WebhookSigner.newSecret());
        LOG.infof("vendor %s: signing secret rotated, previous ones valid until %s", vendorId, until);
        return new SecretRotated(secret, until);
    }

    /** Turns an endpoint off because the receiver said it is gone for good. */
    @Transactional
    public void disableEndpoint(UUID endpointId, String reason) {
        VendorEndpoint endpoint = endpoints.findById(endpointId);
        if (endpoint != null && endpoint.enabled) {
            endpoint.enabled = false;
            endpoint.disabledReason = reason;
            LOG.warnf("endpoint %s of vendor %s disabled: %s", endpoint.id, endpoint.vendorId, reason);
        }
    }

    /** For each enabled vendor, its oldest enabled endpoint subscribed to this event type and data set. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<VendorEndpoint> subscribers(String eventType, String datasetId) {
        // One query for all vendors (not one per vendor): planning a decision with hundreds of vendors stays cheap.
        Map<String, VendorEndpoint> first = new LinkedHashMap<>();
        for (VendorEndpoint endpoint : endpoints.enabledOfEnabledVendors()) {
            if (endpoint.subscribes(eventType, datasetId)) {
                first.putIfAbsent(endpoint.vendorId, endpoint);
            }
        }
        return new ArrayList<>(first.values());
    }

    @Override
    @Transactional
    public Map<String, List<String>> current(Collection<String> vendorIds) {
        return vendorIds.isEmpty() ? Map.of() : secrets.valid(vendorIds, Instant.now());
    }

    @Override
    @Transactional
    public List<String> current(String vendorId) {
        return secrets.valid(vendorId, Instant.now()).stream().map(s -> s.secret).toList();
    }

    /**
     * Brings a vendor from {@code takedown.propagation.vendors.<id>} into the registry: creates it
     * if new, makes the configured URL its endpoint (other configured endpoints are turned off), and
     * makes sure it has a secret (the configured one if given).
     */
    @Transactional
    public void seed(String vendorId, PropagationConfig.Vendor configured) {
        Vendor vendor = vendors.findById(vendorId);
        Instant now = Instant.now();
        if (vendor == null) {
            vendor = new Vendor();
            vendor.id = vendorId;
            vendor.name = vendorId;
            vendor.enabled = true;
            vendor.fromConfig = true;
            vendor.createdAt = now;
            vendors.persist(vendor);
        } else if (vendor.fromConfig && vendor.retiredAt != null) {
            LOG.infof("vendor %s is configured again: enabled", vendorId);
            vendor.enabled = true;
            vendor.retiredAt = null;
        }
        String url = configured.url().strip();
        List<VendorEndpoint> existing = endpoints.ofVendor(vendorId);
        Optional<VendorEndpoint> same = existing.stream().filter(e -> e.url.equals(url)).findFirst();
        if (same.isPresent()) {
            same.get().datasets = VendorEndpoint.join(configured.datasets());
        } else {
            existing.stream().filter(e -> e.enabled).forEach(e -> {
                e.enabled = false;
                e.disabledReason = "replaced by a new URL in the configuration";
            });
            addEndpoint(vendorId, url, List.of(), configured.datasets());
        }
        List<VendorSecret> valid = secrets.valid(vendorId, now);
        if (configured.secret().isPresent()) {
            String secret = configured.secret().get();
            WebhookSigner.keyOf(secret); // a malformed configured secret stops the start-up here, not at the first delivery
            if (valid.stream().noneMatch(s -> s.secret.equals(secret))) {
                valid.forEach(s -> s.expiresAt = now);
                addSecret(vendorId, secret);
            }
        } else if (valid.isEmpty()) {
            addSecret(vendorId, WebhookSigner.newSecret());
        }
    }

    /**
     * Disables the vendors that came from configuration but are not in {@code configured} any more (they would
     * otherwise keep getting notices, and keep requests from completing); seeding one again enables it.
     *
     * @return the ids retired now
     */
    @Transactional
    public List<String> retireUnconfigured(Set<String> configured) {
        Instant now = Instant.now();
        List<String> retired = new ArrayList<>();
        for (Vendor vendor : vendors.list("fromConfig = true and enabled = true order by id")) {
            if (!configured.contains(vendor.id)) {
                vendor.enabled = false;
                vendor.retiredAt = now;
                retired.add(vendor.id);
            }
        }
        return retired;
    }

    private VendorEndpoint addEndpoint(String vendorId, String url, List<String> eventTypes, List<String> datasets) {
        VendorEndpoint endpoint = new VendorEndpoint();
        endpoint.id = UUID.randomUUID();
        endpoint.vendorId = vendorId;
        endpoint.url = url;
        endpoint.eventTypes = VendorEndpoint.join(eventTypes);
        endpoint.datasets = VendorEndpoint.join(datasets);
        endpoint.enabled = true;
        endpoint.createdAt = Instant.now();
        endpoints.persist(endpoint);
        return endpoint;
    }

    private String addSecret(String vendorId, String value) {
        VendorSecret secret = new VendorSecret();
        secret.id = UUID.randomUUID();
        secret.vendorId = vendorId;
        secret.secret = value;
        secret.createdAt = Instant.now();
        secrets.persist(secret);
        return value;
    }

    private Vendor existing(String vendorId) {
        Vendor vendor = vendors.findById(vendorId);
        if (vendor == null) {
            throw ProblemException.notFound("vendor " + vendorId);
        }
        return vendor;
    }

    private VendorView view(Vendor vendor) {
        return new VendorView(vendor.id, vendor.name, vendor.contactEmail, vendor.enabled, vendor.fromConfig,
                endpoints.ofVendor(vendor.id).stream().map(EndpointView::of).toList(),
                secrets.valid(vendor.id, Instant.now()).size(), vendor.createdAt);
    }
}
