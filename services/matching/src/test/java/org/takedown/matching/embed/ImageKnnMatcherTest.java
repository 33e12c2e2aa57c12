package org.takedown.matching.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.evidence.FakeIntake;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.ingest.IngestResult;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.matching.pdq.PdqImages;

/**
 * A webdataset shard ingested with the test image encoder: the release records the model, its
 * vectors find the copies of an evidence image and nothing unrelated, and a query embedder of
 * another model (or none) is refused rather than compared.
 */
class ImageKnnMatcherTest {

    @TempDir
    static Path dir;

    private static OnnxImageEmbedder model;
    private static OnnxImageEmbedder otherModel;
    private static LuceneDatasetIndex release;

    @BeforeAll
    static void ingest() throws Exception {
        model = TestOnnxModel.embedder(dir, 7);
        otherModel = TestOnnxModel.embedder(dir, 8);
        Path shard = dir.resolve("00000.tar");
        FakeIntake.writeRelease(shard);
        IngestResult result = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 10, Long.MAX_VALUE)
                .embedding(new IngestEmbedding(model, null, null, false))
                .ingest(shard, "ds", "r1", p -> { });
        release = LuceneDatasetIndex.open(result.releaseDir(), "ds", "r1");
    }

    @AfterAll
    static void close() throws Exception {
        release.close();
        model.close();
        otherModel.close();
    }

    @Test
    void theReleaseRecordsTheModelItsVectorsCameFrom() {
        assertEquals(Optional.of(new VectorModel("test/avgpool-projection-seed7", TestOnnxModel.DIMENSIONS)), release.imageModel());
        assertEquals(Optional.empty(), release.captionModel(), "caption embeddings are opt-in");
    }

    @Test
    void theCopiesOfAnEvidenceImageAreFoundAndNothingElse() {
        ImageKnnMatcher matcher = new ImageKnnMatcher(Optional.of(model), 0.85, 20);
        ImageKnnMatcher.Search search = matcher.start(UUID.randomUUID(), release);
        search.image(0, rgb(SyntheticImages.picture(1, 640, 480)));

        assertEquals(List.of("copy-cropped", "copy-flipped", "copy-resized"),
                search.hits().stream().map(h -> h.item().itemId()).sorted().toList());
        for (ImageKnnMatcher.Hit hit : search.hits()) {
            assertTrue(hit.similarity() >= 0.85 && hit.similarity() <= 1.0001, hit.toString());
            assertTrue(hit.detail().contains("evidence image 0") && hit.detail().contains("seed7"), hit.detail());
        }
        assertTrue(search.skipped().isEmpty());

        ImageKnnMatcher.Search unrelated = matcher.start(UUID.randomUUID(), release);
        unrelated.image(0, rgb(SyntheticImages.picture(4242, 640, 480)));
        assertEquals(List.of(), unrelated.hits());
        // The nearest neighbours exist (k of them) but are below the threshold: the threshold, not k, decides.
        assertEquals(20, release.imageNeighbours(model.embed(SyntheticImages.picture(4242, 640, 480)), 20).size());
    }

    @Test
    void aQueryEmbedderOfAnotherModelIsRefusedNotCompared() {
        ImageKnnMatcher matcher = new ImageKnnMatcher(Optional.of(otherModel), 0.0, 20);
        ImageKnnMatcher.Search search = matcher.start(UUID.randomUUID(), release);
        search.image(0, rgb(SyntheticImages.picture(1, 640, 480)));

        assertEquals(List.of(), search.hits(), "a threshold of 0 would accept anything that was compared");
        String why = search.skipped().orElseThrow();
        assertTrue(why.contains("test/avgpool-projection-seed7") && why.contains("test/avgpool-projection-seed8")
                && why.contains("not comparable"), why);
    }

    @Test
    void withoutAnEmbedderTheSignalIsSkippedWithAReason() {
        ImageKnnMatcher.Search search = new ImageKnnMatcher(Optional.empty(), 0.85, 20).start(UUID.randomUUID(), release);
        search.image(0, rgb(SyntheticImages.picture(1, 640, 480)));
        assertEquals(List.of(), search.hits());
        assertTrue(search.skipped().orElseThrow().contains("no image embedder is configured"));
    }

    @Test
    void aReleaseWithoutVectorsNeedsNoExplanation() {
        DatasetIndex none = new DatasetIndex() {
            public String datasetId() {
                return "ds";
            }

            public String releaseId() {
                return "r0";
            }

            public long size() {
                return 0;
            }

            public List<org.takedown.matching.index.IndexedItem> byUrl(String u) {
                return List.of();
            }

            public Page byDomainOrPrefix(String d, int l) {
                return new Page(List.of(), 0);
            }
        };
        ImageKnnMatcher matcher = new ImageKnnMatcher(Optional.of(model), 0.85, 20);
        assertFalse(matcher.applies(none));
        assertTrue(matcher.start(UUID.randomUUID(), none).skipped().isEmpty());
    }

    @Test
    void aQueryVectorOfTheWrongDimensionIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> release.imageNeighbours(new float[12], 5));
        assertTrue(e.getMessage().contains("12 dimensions"), e.getMessage());
    }

    @Test
    void aResumeWithAnotherModelIsRefused() {
        Map<String, String> checkpoint = new IngestEmbedding(model, null, null, false).commitData(false, 0);
        IngestEmbedding.checkResume(checkpoint, new IngestEmbedding(model, null, null, false).commitData(false, 0), "b");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IngestEmbedding.checkResume(checkpoint,
                new IngestEmbedding(otherModel, null, null, false).commitData(false, 0), "dir/r1.building"));
        assertTrue(e.getMessage().contains("seed7") && e.getMessage().contains("seed8"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> IngestEmbedding.checkResume(checkpoint, IngestEmbedding.NONE.commitData(false, 0), "b"));
    }

    @Test
    void imagesOfAJsonlManifestAreEmbeddedToo() throws Exception {
        Path input = java.nio.file.Files.createDirectories(dir.resolve("jsonl"));
        java.nio.file.Files.write(input.resolve("a.jpg"), SyntheticImages.jpeg(SyntheticImages.picture(31, 400, 300), 0.9f));
        java.nio.file.Files.write(input.resolve("b.png"), SyntheticImages.png(SyntheticImages.picture(32, 400, 300)));
        Path manifest = java.nio.file.Files.writeString(input.resolve("m.jsonl"),
                "{\"id\":\"a\",\"url\":\"https://x.example/a.jpg\",\"image\":\"a.jpg\"}\n"
                        + "{\"id\":\"b\",\"url\":\"https://x.example/b.png\",\"image\":\"b.png\"}\n"
                        + "{\"id\":\"c\",\"url\":\"https://x.example/c.png\"}\n");
        Path published = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 10, Long.MAX_VALUE)
                .embedding(new IngestEmbedding(model, null, null, false)).ingest(manifest, "ds", "jsonl", p -> { }).releaseDir();
        try (LuceneDatasetIndex jsonl = LuceneDatasetIndex.open(published, "ds", "jsonl")) {
            assertEquals("test/avgpool-projection-seed7", jsonl.imageModel().orElseThrow().id());
            List<DatasetIndex.VectorHit> hits = jsonl.imageNeighbours(model.embed(SyntheticImages.flipHorizontally(
                    SyntheticImages.picture(32, 800, 600))), 5);
            assertEquals(List.of("b", "a"), hits.stream().map(h -> h.item().itemId()).toList(), "the row without an image has no vector");
            assertTrue(hits.get(0).similarity() > 0.95 && hits.get(1).similarity() < 0.85, hits.toString());
        }
    }

    static PdqImages.RgbImage rgb(java.awt.image.BufferedImage image) {
        return new PdqImages.RgbImage(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()),
                image.getWidth(), image.getHeight());
    }
}
