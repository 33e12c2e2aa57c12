package org.takedown.propagation.removal.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The in-memory removal index that answers the do-not-train check. */
@ConfigMapping(prefix = "takedown.propagation.check-index")
public interface RemovalIndexConfig {

    /** Off: every check asks PostgreSQL (as before the index). */
    @WithDefault("true")
    boolean enabled();

    /** How often the index follows the removal feed for what other replicas recorded (its own writes apply at commit). */
    @WithDefault("1s")
    Duration refreshInterval();

    /** Rows read per round trip while loading. */
    @WithDefault("10000")
    int fetchSize();
}
