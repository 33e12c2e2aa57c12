package org.takedown.verification.screening;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Abuse screening rules, as data. */
public interface ScreeningConfig {

    @ConfigMapping(prefix = "takedown.verification.rate-limit")
    interface RateLimit {
        /** Requests one claimant ref may file within {@link #window()}; every request received counts. */
        @WithDefault("20")
        int maxRequests();

        @WithDefault("PT24H")
        Duration window();
    }

    /** Requests from one source network (a /24 or /48, pseudonymous) in a rolling window, all claimants together. */
    @ConfigMapping(prefix = "takedown.verification.network-rate-limit")
    interface NetworkRateLimit {
        @WithDefault("200")
        int maxRequests();

        @WithDefault("PT24H")
        Duration window();
    }

    @ConfigMapping(prefix = "takedown.verification.deny")
    interface Deny {
        Optional<Set<String>> claimantRefs();

        /** A listed domain also covers its subdomains. */
        Optional<Set<String>> domains();
    }

    @ConfigMapping(prefix = "takedown.verification.risk")
    interface Risk {
        /** More public targets (image URLs and domains) than this raise {@code MANY_TARGETS}. */
        @WithDefault("50")
        int manyTargets();

        /** Points per flag; a flag without a weight counts 0. */
        Map<String, Integer> weights();
    }
}
