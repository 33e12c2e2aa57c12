package org.takedown.verification.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "takedown.verification.outbound")
public interface OutboundConfig {

    /** Tests and local demos only: lets outbound requests reach loopback, private and link-local addresses. */
    @WithDefault("false")
    boolean allowPrivateTargets();
}
