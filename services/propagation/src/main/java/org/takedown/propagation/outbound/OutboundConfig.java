package org.takedown.propagation.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where webhook HTTP may go, and how long it may take. */
@ConfigMapping(prefix = "takedown.outbound")
public interface OutboundConfig {

    /** Allow 127.0.0.0/8 and ::1: for tests and the dev stack only. */
    @WithDefault("false")
    boolean allowLoopback();

    /** Allow RFC 1918, shared (100.64.0.0/10) and unique-local (fc00::/7) addresses: for a private deployment only. */
    @WithDefault("false")
    boolean allowPrivate();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Until the answer's status line and headers have arrived. */
    @WithDefault("10s")
    Duration readTimeout();
}
