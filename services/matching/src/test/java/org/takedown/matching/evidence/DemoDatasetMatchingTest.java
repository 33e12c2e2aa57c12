package org.takedown.matching.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.demo.DemoDataset;
import org.takedown.matching.hash.HashingConfig;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.ingest.IngestResult;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.matching.match.Signal;
import org.takedown.matching.pdq.PdqImages;

/**
 * The demo data set (webdataset shards written by {@link DemoDataset}, ingested like any release;
 * its JSONL and Parquet forms ingest to the same rows):
 * every claimant image finds all of its transformed copies (resized, re-compressed, cropped 1-5 %
 * per side, mirrored, and all of these at once) and nothing else; plain PDQ alone misses the crops.
 */
class DemoDatasetMatchingTest {

    @TempDir
    Path dir;


    static EvidenceMatcher matcher(int cropViews) {
        return matcher(cropViews, true);
    }

    /** A matcher for images handed to it directly (nothing fetched), with the crop signal and reframed views as given. */
    static EvidenceMatcher matcher(int cropViews, boolean frameViews) {
        return matcher(cropViews, frameViews, true);
    }

    /** As {@link #matcher(int, boolean)}, with local features on or off. */
    static EvidenceMatcher matcher(int cropViews, boolean frameViews, boolean localFeatures) {
        EvidenceSource none = new EvidenceSource() {
            @Override
            public List<IntakeEvidenceClient.EvidenceView> list(UUID requestId) {
                return List.of();
            }

            @Override
            public byte[] image(UUID requestId, UUID evidenceId) {
                throw new AssertionError("not called");
            }
        };
        HashingConfig hashing = new HashingConfig() {
            @Override
            public long maxImageBytes() {
                return 1 << 22;
            }

            @Override
            public long maxPixels() {
                return 4_000_000;
            }
        };
        return new EvidenceMatcher(none, hashing, BenchEvidence.config(cropViews, frameViews, localFeatures));
    }

    @Test
    void everyTransformedCopyIsFoundAndNoUnrelatedImage() throws Exception {
        List<DemoDataset.Expected> expected = DemoDataset.write(dir.resolve("demo"), 300, 6, null, 3);
        IngestResult release = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 1000, Long.MAX_VALUE)
                .ingest(dir.resolve("demo/shards"), "demo", "r1", p -> { });
        assertEquals(300 + expected.size(), release.progress().goodRows());
        assertEquals(0, release.progress().badRows());

        Map<String, Set<String>> want = new TreeMap<>();
        expected.forEach(e -> want.computeIfAbsent(e.evidence(), k -> new TreeSet<>()).add(e.itemKey()));
        Map<String, Set<String>> got = new TreeMap<>();
        Map<String, Set<String>> plainOnly = new TreeMap<>();
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(release.releaseDir(), "demo", "r1")) {
            assertTrue(index.hashedItems() > 300, "unrelated items of PDQ quality below 50 are not matchable: " + index.hashedItems());
            EvidenceMatcher withCrops = matcher(2);
            EvidenceMatcher pdqOnly = matcher(0);
            for (String evidence : want.keySet()) {
                PdqImages.RgbImage image = PdqImages.read(Files.readAllBytes(dir.resolve("demo/evidence").resolve(evidence)));
                List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
                withCrops.matchImage(image, 0, index, hits);
                got.put(evidence, hits.stream().map(h -> h.item().itemId()).collect(Collectors.toCollection(TreeSet::new)));
                for (EvidenceMatcher.EvidenceHit hit : hits) {
                    // The demo's copies are resized, mirrored, rotated or cut 1-5 % per side: PDQ, its crop views, or
                    // (for a cut the crop views miss against the items' own hashes) local features.
                    assertTrue(Set.of(Signal.PDQ, Signal.PDQ_CROP, Signal.LOCAL_FEATURES).contains(hit.signal()), hit.toString());
                    assertTrue(hit.signal() == Signal.LOCAL_FEATURES || hit.distance() <= 31, hit.detail());
                    assertTrue(hit.detail().startsWith("evidence image 0: "), hit.detail());
                }
                List<EvidenceMatcher.EvidenceHit> plain = new ArrayList<>();
                pdqOnly.matchImage(image, 0, index, plain);
                plainOnly.put(evidence, plain.stream().map(h -> h.item().itemId()).collect(Collectors.toCollection(TreeSet::new)));
            }
        }
        assertEquals(want, got);

        // The same release as a JSONL manifest with local images, and as Parquet metadata.
        IngestResult jsonl = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 1000, Long.MAX_VALUE)
                .ingest(dir.resolve("demo/jsonl/release.jsonl"), "demo", "jsonl", p -> { });
        assertEquals(300 + expected.size(), jsonl.progress().goodRows());
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(jsonl.releaseDir(), "demo", "jsonl")) {
            String evidence = want.keySet().iterator().next();
            List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
            matcher(2).matchImage(PdqImages.read(Files.readAllBytes(dir.resolve("demo/evidence").resolve(evidence))), 0, index, hits);
            assertEquals(want.get(evidence), hits.stream().map(h -> h.item().itemId()).collect(Collectors.toCollection(TreeSet::new)));
        }
        IngestResult parquet = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 1000, Long.MAX_VALUE)
                .ingest(dir.resolve("demo/parquet"), "demo", "parquet", p -> { });
        assertEquals(300 + expected.size(), parquet.progress().goodRows());
        // The crop signal is what finds the cropped copies: plain PDQ (all 8 rotations/flips) misses them.
        long croppedFoundByPlain = expected.stream().filter(e -> e.itemKey().endsWith("-cropped") || e.itemKey().endsWith("-mixed"))
                .filter(e -> plainOnly.get(e.evidence()).contains(e.itemKey())).count();
        assertTrue(croppedFoundByPlain < 12, "plain PDQ found " + croppedFoundByPlain + " of 12 cropped copies");
    }
}
