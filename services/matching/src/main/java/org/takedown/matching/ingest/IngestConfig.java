package org.takedown.matching.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "takedown.matching.ingest")
public interface IngestConfig {

    /**
     * The only directory the admin API ingests manifests from (a request names a file in it, never
     * a path). Without it, and without {@code takedown.matching.dataset.index-root}, the API refuses.
     */
    Optional<Path> inbox();

    /** Lines between checkpoints (Lucene commits). */
    @WithDefault("50000")
    int checkpointRows();

    /**
     * Store local features with every item image (signal LOCAL_FEATURES, for crops larger than PDQ's
     * views reach): about 2.4 KB per item on disk and 3 KB of heap per item while the release is open.
     */
    @WithDefault("true")
    boolean localFeatures();
}
