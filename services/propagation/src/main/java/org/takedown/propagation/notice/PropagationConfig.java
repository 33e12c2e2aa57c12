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

    /** Waits between delivery attempts; after the last one a notice is marked failed. */
    @WithDefault("5s,5m,30m,2h,5h,10h,14h,20h,24h")
    List<Duration> retrySchedule();

    /** How long the old signing secrets stay valid after a rotation, unless the rotation says otherwise. */
    @WithDefault("24h")
    Duration secretGracePeriod();

    /** Notices one dispatcher round sends. */
    @WithDefault("50")
    int batchSize();

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
