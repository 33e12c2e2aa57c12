package org.takedown.matching.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;

class DatasetIndexProducerTest {

    @TempDir
    Path dir;

    @Test
    void servesAnIngestedReleaseFromTheIndexRoot() throws IOException {
        Path manifest = dir.resolve("m.jsonl");
        Files.writeString(manifest, """
                {"id":"a","url":"https://example.org/a.jpg","caption":"one"}
                {"id":"b","url":"https://cdn.example.org/b.jpg","caption":"two"}
                """);
        ReleaseStore store = new ReleaseStore(dir.resolve("indexes"));
        new ReleaseIngester(store, 1, Long.MAX_VALUE).ingest(manifest, "ds", "r1", p -> { });

        DatasetIndex index = new DatasetIndexProducer().datasetIndex(PublishedReleaseConfig.of(store.root(), "r1"));

        assertEquals(2, index.size());
        assertEquals("a", index.byUrl("https://example.org/a.jpg").get(0).itemId());
        assertEquals(2, index.byDomainOrPrefix("example.org", 10).total());
    }

    @Test
    void anUnpublishedReleaseIsNotServed() {
        DatasetIndex index = new DatasetIndexProducer().datasetIndex(PublishedReleaseConfig.of(dir.resolve("indexes"), "r2"));

        assertEquals(0, index.size());
    }
}
