package org.takedown.matching.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.demo.DemoDataset;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.ingest.IngestResult;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.matching.pdq.PdqImages;

/**
 * A request's images are matched in parallel: the hits must be those of matching each image on its
 * own, in the images' order, with an undecodable image skipped rather than failing the others.
 */
class EvidenceMatcherTest {

    @TempDir
    Path dir;

    @Test
    void parallelMatchGivesEachImagesHitsInOrderAndSkipsABrokenOne() throws Exception {
        List<DemoDataset.Expected> expected = DemoDataset.write(dir.resolve("demo"), 60, 3, null, 3);
        IngestResult release = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 1000, Long.MAX_VALUE)
                .ingest(dir.resolve("demo/shards"), "demo", "r1", p -> { });
        List<String> evidence = expected.stream().map(DemoDataset.Expected::evidence).distinct().sorted().toList();
        assertEquals(3, evidence.size());
        List<byte[]> images = new ArrayList<>();
        for (String name : evidence) {
            images.add(Files.readAllBytes(dir.resolve("demo/evidence").resolve(name)));
        }
        images.add(1, "not an image".getBytes(StandardCharsets.US_ASCII)); // position 1 is broken

        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(release.releaseDir(), "demo", "r1")) {
            EvidenceMatcher matcher = BenchEvidence.matcher(images, BenchEvidence.config(2));
            List<String> sequential = new ArrayList<>();
            for (int position = 0; position < images.size(); position++) {
                if (position == 1) {
                    continue;
                }
                List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
                matcher.matchImage(PdqImages.read(images.get(position)), position, index, hits);
                assertFalse(hits.isEmpty(), "evidence image " + position + " has copies in the release");
                hits.forEach(h -> sequential.add(h.item().itemId() + " " + h.signal() + " " + h.detail()));
            }
            for (int round = 0; round < 3; round++) {
                List<String> parallel = matcher.match(UUID.randomUUID(), index).stream()
                        .map(h -> h.item().itemId() + " " + h.signal() + " " + h.detail()).toList();
                assertEquals(sequential, parallel);
            }
            assertTrue(sequential.stream().noneMatch(h -> h.contains("evidence image 1:")));
            matcher.close();
        }
    }
}
