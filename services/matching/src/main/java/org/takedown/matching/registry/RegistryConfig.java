package org.takedown.matching.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "takedown.matching.registry")
public interface RegistryConfig {

    /** How often each replica re-reads which releases are ACTIVE (seconds; 0: only at start-up and on its own changes). */
    @WithDefault("30")
    int refreshSeconds();

    /** A file declaring data sets and releases to register, ingest and activate at start-up ({@link RegistryBootstrap}). */
    Optional<Path> bootstrap();
}
