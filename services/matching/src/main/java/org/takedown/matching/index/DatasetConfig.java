package org.takedown.matching.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "takedown.matching.dataset")
public interface DatasetConfig {

    /** JSONL manifest of the release: one {@code {"id", "url", "caption"}} object per line. */
    Optional<Path> path();

    /**
     * Root of the releases ingested by the {@code ingest} command ({@code <root>/<id>/<release>});
     * when the configured release is published there, it is served from disk (Lucene) and
     * {@link #path()} is not read.
     */
    Optional<Path> indexRoot();

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
