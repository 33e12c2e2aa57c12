package org.takedown.propagation.notice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "takedown.propagation")
public interface PropagationConfig {

    /**
     * Vendors seeded into the registry at start-up (the dev stack and end-to-end tests use this);
     * everything else is registered over the admin API.
     */
    Map<String, Vendor> vendors();

    /**
     * Disables, at start-up, vendors seeded from an earlier configuration that this one no longer lists. Off by
     * default: turn it on where one configuration owns the database's configuration vendors.
     */
    @WithDefault("false")
    boolean retireUnconfiguredVendors();

    /** Waits between delivery attempts; after the last one a notice is marked failed. */
    @WithDefault("5s,5m,30m,2h,5h,10h,14h,20h,24h")
    List<Duration> retrySchedule();

    /** How long the old signing secrets stay valid after a rotation, unless the rotation says otherwise. */
    @WithDefault("24h")
    Duration secretGracePeriod();

    /** How often the dispatcher looks for due notices (read by its {@code @Scheduled}; declared here so it is a known key). */
    @WithDefault("1s")
    Duration dispatchInterval();

    /** How often overdue acknowledgements are looked for. */
    @WithDefault("1m")
    Duration overdueCheckInterval();

    /** How often the delivery metrics are sampled. */
    @WithDefault("30s")
    Duration metricsInterval();

    /** Notices one dispatcher round leases at most. */
    @WithDefault("50")
    int batchSize();

    /** How long after delivery a vendor has to report a removal notice APPLIED before it is overdue. */
    @WithDefault("P7D")
    Duration acknowledgementDue();

    /** At most one reminder delivery per overdue notice in this time. */
    @WithDefault("P1D")
    Duration reminderInterval();

    /** Deliveries in flight at once, over all endpoints. */
    @WithDefault("64")
    int maxConcurrentDeliveries();

    /** Deliveries in flight at once to one endpoint URL. */
    @WithDefault("4")
    int perEndpointConcurrency();

    /**
     * Threads that record delivery results, each one batch (one transaction) at a time: PostgreSQL round trips, not
     * CPU, bound a single recorder.
     */
    @WithDefault("4")
    int recorderThreads();

    Circuit circuit();

    ExportSigning exportSigning();

    /** Per-endpoint circuit breaking: a dead endpoint stops taking delivery attempts for a while. */
    interface Circuit {
        /** Consecutive failed attempts (no answer, 5xx, 429) that open an endpoint's circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit refuses attempts before letting one probe through. */
        @WithDefault("30s")
        Duration coolDown();
    }

    /**
     * The Ed25519 key pair that signs removal lists: base64 PKCS#8 private key and base64 X.509
     * (SubjectPublicKeyInfo) public key. Without them a key pair is made up at start-up (fine for
     * development; a deployment configures one so that signatures outlive restarts).
     */
    interface ExportSigning {
        Optional<String> privateKey();

        Optional<String> publicKey();
    }

    interface Vendor {
        /** The vendor's webhook endpoint. */
        String url();

        /** Its signing secret ({@code whsec_…}); without one the registry makes one up (rotate it to learn it). */
        Optional<String> secret();

        /** Data sets it subscribes to; {@code *} for all. */
        @WithDefault("*")
        List<String> datasets();
    }
}
