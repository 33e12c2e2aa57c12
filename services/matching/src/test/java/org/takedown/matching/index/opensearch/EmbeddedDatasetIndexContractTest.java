package org.takedown.matching.index.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;

/** The contract on embedded Lucene: the reference the OpenSearch backend is held to. */
class EmbeddedDatasetIndexContractTest extends DatasetIndexContract {

    @TempDir
    static Path dir;
    private static LuceneDatasetIndex embedded;

    @BeforeAll
    static void build() {
        embedded = RELEASE.embedded(dir);
    }

    @AfterAll
    static void close() throws IOException {
        embedded.close();
    }

    @Override
    protected DatasetIndex index() {
        return embedded;
    }

    @Override
    protected LuceneDatasetIndex reference() {
        return embedded;
    }

    @Override
    protected List<DatasetIndex.VectorHit> captionNeighbours(float[] vector, int k) {
        return embedded.captionNeighbours(vector, k);
    }
}
