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

    /**
     * How often {@link EvidenceCheck} looks for images not yet decoded, besides right after each submission
     * (e.g. 5s, PT5S): the safety net after a restart or a failed check.
     */
    @WithDefault("5s")
    java.time.Duration checkInterval();
}
