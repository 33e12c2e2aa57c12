package org.takedown.intake.evidence;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "takedown.intake.evidence")
public interface EvidenceConfig {

    /** Most images one request may carry. */
    @WithDefault("5")
    int maxImages();

    /** Largest accepted file, in bytes (10 MiB). */
    @WithDefault("10485760")
    long maxBytes();

    /** Largest accepted image in pixels (width × height), checked before decoding: decompression bombs stop here. */
    @WithDefault("40000000")
    long maxPixels();
}
