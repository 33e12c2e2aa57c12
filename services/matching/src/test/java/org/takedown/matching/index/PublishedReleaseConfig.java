package org.takedown.matching.index;

import java.nio.file.Path;
import java.util.Optional;

/** Test configuration: data set {@code ds} served from a published Lucene release under an index root. */
public final class PublishedReleaseConfig {

    private PublishedReleaseConfig() {
    }

    public static DatasetConfig of(Path indexRoot, String release) {
        return new DatasetConfig() {
            @Override
            public Optional<Path> path() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> indexRoot() {
                return Optional.of(indexRoot);
            }

            @Override
            public String id() {
                return "ds";
            }

            @Override
            public String release() {
                return release;
            }

            @Override
            public Engine engine() {
                return Engine.LUCENE;
            }
        };
    }
}
