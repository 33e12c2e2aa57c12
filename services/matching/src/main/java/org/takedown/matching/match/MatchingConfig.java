package org.takedown.matching.match;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "takedown.matching")
public interface MatchingConfig {

    /** Most candidates one event carries; beyond it the total is reported and the case flagged. */
    @WithDefault("1000")
    int maxCandidates();
}
