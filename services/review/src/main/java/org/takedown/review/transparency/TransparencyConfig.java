package org.takedown.review.transparency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "takedown.transparency")
public interface TransparencyConfig {

    /**
     * How long a built report is served before it is built again. The endpoint is public and a build reads every
     * fact; the report is about months, so a minute's delay costs nothing.
     */
    @WithDefault("60s")
    Duration maxAge();
}
