package org.takedown.propagation.apikey;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Vendor API keys: how quickly changes reach every replica, and how often their use is written down. */
@ConfigMapping(prefix = "takedown.propagation.api-keys")
public interface ApiKeyConfig {

    /**
     * How often each replica reads the usable keys again (read by {@link ApiKeys#refresh}'s {@code @Scheduled}): a key
     * revoked, or a vendor disabled, on another replica stops working within this time; on the replica that revoked
     * it, at once.
     */
    @WithDefault("2s")
    Duration refreshInterval();

    /** {@code last_used_at} is written at most once in this time per key and replica, so calls cost no write. */
    @WithDefault("1m")
    Duration lastUsedPrecision();
}
