package org.takedown.intake.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits on guessing capability tokens. */
@ConfigMapping(prefix = "takedown.intake.access")
public interface AccessConfig {

    /** Wrong tokens allowed per request id, and separately per client address, within {@link #failureWindow()}. */
    @WithDefault("10")
    int maxFailures();

    @WithDefault("PT15M")
    Duration failureWindow();

    /** Above this many tracked ids and addresses, expired entries are swept at once instead of lazily. */
    @WithDefault("100000")
    int maxTrackedKeys();
}
