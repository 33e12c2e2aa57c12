package org.takedown.matching.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.matching.match.Signal;

/**
 * Caption embeddings (all-MiniLM-L6-v2 from the langchain4j jar, in-process): opted in per release,
 * recorded with the release, searched by meaning rather than by shared words.
 */
class CaptionEmbeddingTest {

    @TempDir
    Path dir;

    @Test
    void captionsAreFoundByMeaningWhenTheReleaseOptedIn() throws Exception {
        Path manifest = Files.writeString(dir.resolve("release.jsonl"), String.join("\n",
                row("dog", "a puppy playing fetch on the sand by the sea"),
                row("chart", "quarterly revenue chart of a software company"),
                row("soup", "recipe for tomato soup with basil"),
                row("portrait", "portrait photo of a smiling woman with red hair"),
                row("car", "a vintage red sports car parked on a street")) + "\n");
        Path published = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 2, Long.MAX_VALUE)
                .embedding(new IngestEmbedding(null, MiniLmCaptionEmbedder.shared(), null, false))
                .ingest(manifest, "ds", "r1", p -> { }).releaseDir();

        try (LuceneDatasetIndex release = LuceneDatasetIndex.open(published, "ds", "r1")) {
            assertEquals(Optional.of(new VectorModel(MiniLmCaptionEmbedder.MODEL_ID, 384)), release.captionModel());
            assertEquals(Optional.empty(), release.imageModel());

            // No word in common with the caption ("dog" vs "puppy", "beach" vs "sand by the sea").
            List<DatasetIndex.VectorHit> hits = release.semanticCaptions("my dog at the beach", 3);
            assertEquals("dog", hits.get(0).item().itemId(), hits.toString());
            assertTrue(hits.get(0).similarity() > hits.get(1).similarity() + 0.1, hits.toString());
            assertEquals("portrait", release.semanticCaptions("picture of a ginger lady", 1).get(0).item().itemId());

            List<CaptionSemanticMatcher.Hit> found = new CaptionSemanticMatcher(0.45, 5)
                    .match(List.of("my dog at the beach", "zzqx"), release);
            assertEquals(List.of("dog"), found.stream().map(h -> h.item().itemId()).toList(), found.toString());
            assertTrue(found.get(0).detail().startsWith("text query 0: caption embedding cosine similarity"), found.get(0).detail());
            assertEquals(Signal.CAPTION_SEMANTIC.confidence() * found.get(0).similarity(), found.get(0).confidence(), 1e-9);
        }
    }

    @Test
    void aReleaseWithoutCaptionVectorsAnswersNothing() throws Exception {
        Path manifest = Files.writeString(dir.resolve("release.jsonl"), row("dog", "a puppy on the beach") + "\n");
        Path published = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 2, Long.MAX_VALUE)
                .ingest(manifest, "ds", "r0", p -> { }).releaseDir();
        try (LuceneDatasetIndex release = LuceneDatasetIndex.open(published, "ds", "r0")) {
            assertEquals(Optional.empty(), release.captionModel());
            assertEquals(List.of(), release.semanticCaptions("a puppy on the beach", 5));
            assertEquals(List.of(), new CaptionSemanticMatcher(0.0, 5).match(List.of("a puppy on the beach"), release));
        }
    }

    private static String row(String id, String caption) {
        return "{\"id\":\"" + id + "\",\"url\":\"https://img.example.org/" + id + ".jpg\",\"caption\":\"" + caption + "\"}";
    }
}
