package org.takedown.matching.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.pdq.FrameViews;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;

/** Items stored with extra views: each hit once, through its own hash when that matches, and counted once. */
class StoredViewsTest {

    @TempDir
    Path dir;

    private static PdqHash random(Random random) {
        return PdqHash.ofWords(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    /** {@code hash} with its lowest {@code bits} bits flipped. */
    private static PdqHash flip(PdqHash hash, int bits) {
        return PdqHash.ofWords(hash.word(0) ^ ((1L << bits) - 1), hash.word(1), hash.word(2), hash.word(3));
    }

    @Test
    void anItemIsReportedOnceThroughItsOwnHashWhenThatMatchesElseThroughItsNearestView() throws Exception {
        Random random = new Random(7);
        PdqHash query = random(random);
        try (FSDirectory fs = FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(fs, new IndexWriterConfig(new StandardAnalyzer()))) {
            // Own hash 10 bits away, a view identical to the query: the plain PDQ match is what is reported.
            writer.addDocument(LuceneDatasetIndex.document(new IndexedItem("own", "https://a.example/own.jpg", null),
                    flip(query, 10), 100, List.of(new LuceneDatasetIndex.StoredView(FrameViews.Frame.CONTENT, query, 90))));
            // Own hash unrelated; two views near the query: the nearer one is reported.
            writer.addDocument(LuceneDatasetIndex.document(new IndexedItem("views", "https://a.example/views.jpg", null),
                    random(random), 100, List.of(new LuceneDatasetIndex.StoredView(FrameViews.Frame.SQUARE, flip(query, 20), 80),
                            new LuceneDatasetIndex.StoredView(FrameViews.Frame.INNER, flip(query, 4), 70))));
            // A view of low quality is never matched.
            writer.addDocument(LuceneDatasetIndex.document(new IndexedItem("flat", "https://a.example/flat.jpg", null),
                    random(random), 20, List.of(new LuceneDatasetIndex.StoredView(FrameViews.Frame.CONTENT, query, 30))));
            writer.commit();
        }
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(dir, "ds", "r1")) {
            List<DatasetIndex.PdqHit> hits = index.byPdq(Map.of(Dihedral.ORIGINAL, query), 31);
            assertEquals(2, hits.size(), hits.toString());
            assertEquals("views", hits.get(0).item().itemId());
            assertEquals(FrameViews.Frame.INNER, hits.get(0).itemFrame());
            assertEquals(4, hits.get(0).distance());
            assertEquals(70, hits.get(0).quality());
            assertEquals("own", hits.get(1).item().itemId());
            assertEquals(FrameViews.Frame.FULL, hits.get(1).itemFrame());
            assertEquals(10, hits.get(1).distance());
            assertEquals(2, index.hashedItems(), "items with a matchable hash, not hashes");

            // Views of a query meet the items' own hashes only.
            List<DatasetIndex.PdqHit> own = index.byPdq(Map.of(Dihedral.ORIGINAL, query), 31, DatasetIndex.PdqScope.OWN);
            assertEquals(1, own.size(), own.toString());
            assertEquals("own", own.get(0).item().itemId());
            assertEquals(FrameViews.Frame.FULL, own.get(0).itemFrame());
        }
    }

    @Test
    void aReleaseWhoseOnlyMatchableHashesAreViewsAnswersOnlyLookupsWithViews() throws Exception {
        Random random = new Random(11);
        PdqHash query = random(random);
        try (FSDirectory fs = FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(fs, new IndexWriterConfig(new StandardAnalyzer()))) {
            // A bordered item: its whole is flat (quality 40), its content box is the picture.
            writer.addDocument(LuceneDatasetIndex.document(new IndexedItem("bordered", "https://a.example/b.jpg", null),
                    random(random), 40, List.of(new LuceneDatasetIndex.StoredView(FrameViews.Frame.CONTENT, flip(query, 3), 90))));
            writer.commit();
        }
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(dir, "ds", "r1")) {
            assertEquals(1, index.hashedItems());
            List<DatasetIndex.PdqHit> hits = index.byPdq(Map.of(Dihedral.ORIGINAL, query), 31);
            assertEquals(1, hits.size(), hits.toString());
            assertEquals(FrameViews.Frame.CONTENT, hits.get(0).itemFrame());
            assertEquals(3, hits.get(0).distance());
            assertEquals(List.of(), index.byPdq(Map.of(Dihedral.ORIGINAL, query), 31, DatasetIndex.PdqScope.OWN));
        }
    }
}
