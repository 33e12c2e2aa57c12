package org.takedown.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.JsonlDatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;

class LuceneDatasetIndexTest {

    private static final String[] HOSTS = {"a.example", "www.a.example", "cdn.b.a.example", "nota.example",
        "b.example", "images.example.org"};
    private static final String[] DIRS = {"art", "art/old", "blog", "artist"};

    @TempDir
    Path dir;

    /** The in-memory release is the reference: Lucene must answer URL, domain and prefix lookups the same way. */
    @Test
    void answersLikeTheInMemoryRelease() throws IOException {
        StringBuilder manifest = new StringBuilder();
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            String url = "https://" + HOSTS[random.nextInt(HOSTS.length)] + "/" + DIRS[random.nextInt(DIRS.length)]
                    + "/" + random.nextInt(200) + ".jpg";
            manifest.append("{\"id\":\"i-").append(i).append("\",\"url\":\"").append(url)
                    .append("\",\"caption\":\"item ").append(i).append("\"}\n");
        }
        JsonlDatasetIndex memory = JsonlDatasetIndex.load(write(manifest.toString()), "d", "r");

        try (LuceneDatasetIndex lucene = LuceneDatasetIndex.of(memory)) {
            assertEquals(memory.size(), lucene.size());
            for (IndexedItem item : memory.items().subList(0, 50)) {
                assertEquals(memory.byUrl(item.url()), lucene.byUrl(item.url()), item.url());
            }
            assertEquals(List.of(), lucene.byUrl("https://a.example/none.jpg"));
            for (String query : List.of("a.example", "b.a.example", "example", "b.example", "nota.example", "example.org",
                    "c.example", "https://a.example/art/", "https://a.example/art", "https://www.a.example/blog/1")) {
                for (int limit : new int[] {0, 3, 1000}) {
                    assertEquals(memory.byDomainOrPrefix(query, limit), lucene.byDomainOrPrefix(query, limit),
                            query + " limit " + limit);
                }
            }
        }
    }

    @Test
    void captionSearchRanksByBm25() throws IOException {
        JsonlDatasetIndex memory = JsonlDatasetIndex.load(write("""
                {"id":"1","url":"https://a.example/1.jpg","caption":"sunset over the sea, oil painting"}
                {"id":"2","url":"https://a.example/2.jpg","caption":"the sea at dawn"}
                {"id":"3","url":"https://a.example/3.jpg","caption":"a dog"}
                {"id":"4","url":"https://a.example/4.jpg","caption":"portrait, oil on canvas"}
                """), "d", "r");

        try (LuceneDatasetIndex lucene = LuceneDatasetIndex.of(memory)) {
            List<LuceneDatasetIndex.ScoredItem> hits = lucene.byCaption("Oil painting of the SEA", 10);

            assertEquals("1", hits.get(0).item().itemId());
            assertEquals(List.of("1", "2", "4"), hits.stream().map(h -> h.item().itemId()).sorted().toList());
            assertTrue(hits.get(0).score() > hits.get(1).score());
            assertEquals(1, lucene.byCaption("Oil painting of the SEA", 1).size());
            assertTrue(lucene.byCaption("?!", 10).isEmpty());
        }
    }

    @Test
    void captionTextSearchRequiresEveryTermPagesAndCountsExactly() throws IOException {
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            // Shorter captions score higher under BM25; i % 3 == 0 lacks the surname.
            String caption = "Jane " + (i % 3 == 0 ? "" : "Doe ") + "word ".repeat(i % 7);
            manifest.append("{\"id\":\"c-").append(i).append("\",\"url\":\"https://a.example/").append(i)
                    .append(".jpg\",\"caption\":\"").append(caption.strip()).append("\"}\n");
        }
        JsonlDatasetIndex memory = JsonlDatasetIndex.load(write(manifest.toString()), "d", "r");
        try (LuceneDatasetIndex lucene = LuceneDatasetIndex.of(memory)) {
            DatasetIndex.ScoredPage all = lucene.byCaptionText("jane DOE", 0, 100, 0);
            assertEquals(20, all.total());
            assertEquals(20, all.hits().size());
            assertTrue(all.hits().stream().noneMatch(h -> Integer.parseInt(h.item().itemId().substring(2)) % 3 == 0));
            for (int i = 1; i < all.hits().size(); i++) {
                assertTrue(all.hits().get(i - 1).score() >= all.hits().get(i).score(), "best first");
            }

            DatasetIndex.ScoredPage second = lucene.byCaptionText("jane DOE", 5, 5, 0);
            assertEquals(20, second.total());
            assertEquals(all.hits().subList(5, 10), second.hits());

            double cut = all.hits().get(7).score();
            long above = all.hits().stream().filter(h -> h.score() >= cut).count();
            DatasetIndex.ScoredPage strict = lucene.byCaptionText("jane DOE", 0, 3, cut);
            assertEquals(above, strict.total(), "the total counts only hits at or above the threshold");
            assertEquals(all.hits().subList(0, 3), strict.hits());

            assertEquals(0, lucene.byCaptionText("jane nobody", 0, 10, 0).total());
            assertEquals(0, lucene.byCaptionText("?!", 0, 10, 0).total());
        }
    }

    @Test
    void emptyReleaseFindsNothing() {
        DatasetIndex index = LuceneDatasetIndex.of(JsonlDatasetIndex.empty("d", "r"));
        assertEquals(0, index.size());
        assertTrue(index.byDomainOrPrefix("a.example", 10).items().isEmpty());
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("manifest.jsonl");
        Files.writeString(file, content);
        return file;
    }
}
