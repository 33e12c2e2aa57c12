package org.takedown.matching.hash;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "takedown.matching.hashing")
public interface HashingConfig {

    /** Largest upload hashed, in bytes; keep {@code quarkus.http.limits.max-body-size} a little above it. */
    @WithDefault("20971520")
    long maxImageBytes();

    /** Largest decoded image (width x height), checked from the header before decoding. */
    @WithDefault("50000000")
    long maxPixels();
}
