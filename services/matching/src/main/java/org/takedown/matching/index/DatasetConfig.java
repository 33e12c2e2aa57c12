package org.takedown.matching.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "takedown.matching.dataset")
public interface DatasetConfig {

    /** JSONL manifest of the release: one {@code {"id", "url", "caption"}} object per line. */
    Optional<Path> path();

    @WithDefault("demo")
    String id();

    @WithDefault("unreleased")
    String release();

    /** {@code memory}: hash maps over the manifest; {@code lucene}: an embedded Lucene index (adds caption BM25). */
    @WithDefault("memory")
    Engine engine();

    enum Engine {
        MEMORY, LUCENE
    }
}
