package org.takedown.propagation.notice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "takedown.propagation")
public interface PropagationConfig {

    /** Vendors by id. The vendor registry (admin API) replaces this list with the propagation issue. */
    Map<String, Vendor> vendors();

    /** Waits between delivery attempts; after the last one a notice is marked failed. */
    @WithDefault("5s,5m,30m,2h,5h,10h,14h,20h,24h")
    List<Duration> retrySchedule();

    @WithDefault("10s")
    Duration deliveryTimeout();

    /** Notices one dispatcher round sends. */
    @WithDefault("50")
    int batchSize();

    interface Vendor {
        /** The vendor's webhook endpoint. */
        String url();
    }
}
