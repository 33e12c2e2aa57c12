package org.takedown.review.cases;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "takedown.review")
public interface ReviewConfig {

    /**
     * Approve every candidate as soon as a case opens. Only for the demo stack, where nobody sits at
     * the console; never in production.
     */
    @WithDefault("false")
    boolean autoApprove();
}
