package org.takedown.matching.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.embed.ImageEmbedder;
import org.takedown.matching.embed.ImageKnnMatcher;
import org.takedown.matching.embed.IngestEmbedding;
import org.takedown.matching.embed.VectorModel;
import org.takedown.matching.embed.Vectors;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;

/**
 * LAION-style {@code img_emb/*.npy} vectors carry no model name: the release records the one the
 * operator names (else {@code unknown}, never compared), and int8-quantised HNSW still finds each
 * row's own vector.
 */
class NpyModelTest {

    @TempDir
    Path dir;

    @Test
    void theNamedModelIsRecordedAndQuantisedVectorsAreFound() throws Exception {
        Path published = ingest("r1", new IngestEmbedding(null, null, "openai/clip-vit-large-patch14", true));
        try (LuceneDatasetIndex release = LuceneDatasetIndex.open(published, "laion", "r1")) {
            assertEquals(Optional.of(new VectorModel("openai/clip-vit-large-patch14", 8)), release.imageModel());
            for (long row : new long[] {3, 150, 222}) {
                List<DatasetIndex.VectorHit> hits = release.imageNeighbours(Vectors.normalize(ParquetIngestionTest.vector(row)), 1);
                assertEquals("metadata_0000:" + row, hits.get(0).item().itemId());
                assertTrue(hits.get(0).similarity() > 0.99, hits.toString());
            }
        }
    }

    @Test
    void vectorsOfAnUnnamedModelAreNeverCompared() throws Exception {
        Path published = ingest("r2", IngestEmbedding.NONE);
        try (LuceneDatasetIndex release = LuceneDatasetIndex.open(published, "laion", "r2")) {
            assertEquals(Optional.of(new VectorModel(VectorModel.UNKNOWN, 8)), release.imageModel());
            // Even a query embedder that calls itself "unknown" with the right dimensions is refused.
            ImageKnnMatcher.Search search = new ImageKnnMatcher(Optional.of(new Fixed()), 0.0, 5).start(UUID.randomUUID(), release);
            search.image(0, new org.takedown.matching.pdq.PdqImages.RgbImage(new int[4], 2, 2));
            assertEquals(List.of(), search.hits());
            assertTrue(search.skipped().orElseThrow().contains("does not record which model"), search.skipped().get());
        }
    }

    private Path ingest(String releaseId, IngestEmbedding embedding) throws Exception {
        Path input = Files.createDirectories(dir.resolve(releaseId));
        ParquetIngestionTest.parquet(input.resolve("metadata_0000.parquet"), 0, 300);
        Files.createDirectories(input.resolve("img_emb"));
        ParquetIngestionTest.npy(input.resolve("img_emb/img_emb_0000.npy"), 0, 300, 8, false);
        return new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 100, Long.MAX_VALUE).embedding(embedding)
                .ingest(input, "laion", releaseId, p -> { }).releaseDir();
    }

    /** A query embedder that answers one fixed vector. */
    private static final class Fixed implements ImageEmbedder {
        public String modelId() {
            return VectorModel.UNKNOWN;
        }

        public int dimensions() {
            return 8;
        }

        public float[] embed(BufferedImage image) {
            return Vectors.normalize(ParquetIngestionTest.vector(3));
        }
    }
}
