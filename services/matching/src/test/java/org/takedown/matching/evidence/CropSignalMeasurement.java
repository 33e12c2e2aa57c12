package org.takedown.matching.evidence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.takedown.matching.demo.DemoDataset;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.ingest.IngestResult;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.matching.match.Signal;
import org.takedown.matching.pdq.PdqImages;

/**
 * Measures the evidence signals on a demo release (a main, not a test): recall of the transformed
 * copies (synthetic and real claimant images) and false positives over every pair of an evidence
 * image and an item that is not a copy of it, plus fresh unrelated query images.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$COMPRESS org.takedown.matching.evidence.CropSignalMeasurement \
 *     [UNRELATED_ITEMS=2000] [SYNTHETIC_CLAIMANTS=30] [EXTRA_QUERIES=60] [SOURCE_DIR=/work/shared/testdata/pdq/images]
 * </pre>
 */
public final class CropSignalMeasurement {

    public static void main(String[] args) throws Exception {
        int unrelated = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int synthetic = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int extraQueries = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path sources = Path.of(args.length > 3 ? args[3] : "/work/shared/testdata/pdq/images");
        Path dir = Files.createTempDirectory("crop-measurement");
        List<DemoDataset.Expected> expected = DemoDataset.write(dir.resolve("demo"), unrelated, synthetic,
                Files.isDirectory(sources) ? sources : null, 5);
        IngestResult release = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 10_000, Long.MAX_VALUE)
                .ingest(dir.resolve("demo/shards"), "demo", "m", p -> { });
        Map<String, Set<String>> want = new HashMap<>();
        expected.forEach(e -> want.computeIfAbsent(e.evidence(), k -> new HashSet<>()).add(e.itemKey()));
        EvidenceMatcher matcher = DemoDatasetMatchingTest.matcher(2);
        Map<Signal, Integer> falsePositives = new HashMap<>();
        Map<String, int[]> recall = new HashMap<>(); // transformation -> {found, total}, split synthetic/real
        long pairs = 0;
        long nanos = 0;
        int queries = 0;
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(release.releaseDir(), "demo", "m")) {
            long items = index.hashedItems();
            for (String evidence : want.keySet().stream().sorted().toList()) {
                PdqImages.RgbImage image = PdqImages.read(Files.readAllBytes(dir.resolve("demo/evidence").resolve(evidence)));
                List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
                long t0 = System.nanoTime();
                matcher.matchImage(image, 0, index, hits);
                nanos += System.nanoTime() - t0;
                queries++;
                Set<String> found = new HashSet<>();
                for (EvidenceMatcher.EvidenceHit hit : hits) {
                    found.add(hit.item().itemId());
                    if (!want.get(evidence).contains(hit.item().itemId())) {
                        falsePositives.merge(hit.signal(), 1, Integer::sum);
                        System.out.println("FALSE POSITIVE " + evidence + " -> " + hit.item().itemId() + ": " + hit.detail());
                    }
                }
                int claimant = Integer.parseInt(evidence.substring("claimant-".length(), evidence.length() - 4));
                String kind = claimant < synthetic ? "synthetic" : "real";
                for (String key : want.get(evidence)) {
                    String transformation = kind + " " + key.substring(key.lastIndexOf('-') + 1);
                    int[] counts = recall.computeIfAbsent(transformation, k -> new int[2]);
                    counts[1]++;
                    if (found.contains(key)) {
                        counts[0]++;
                    } else {
                        System.out.println("MISSED " + evidence + " -> " + key);
                    }
                }
                pairs += items - want.get(evidence).size();
            }
                for (int q = 0, seed = 900_000; q < extraQueries; seed++) {
                var picture = SyntheticImages.picture(seed, 640, 480);
                if (PdqImages.hash(picture).isLowQuality()) {
                    continue;
                }
                q++;
                List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
                long t0 = System.nanoTime();
                matcher.matchImage(new PdqImages.RgbImage(PdqImages.toRgb(picture), 640, 480), 0, index, hits);
                nanos += System.nanoTime() - t0;
                queries++;
                for (EvidenceMatcher.EvidenceHit hit : hits) {
                    falsePositives.merge(hit.signal(), 1, Integer::sum);
                    System.out.println("FALSE POSITIVE fresh query " + seed + " -> " + hit.item().itemId() + ": " + hit.detail());
                }
                pairs += items;
            }
            System.out.printf("release: %d items with a matchable PDQ hash (%d samples)%n", items, release.progress().goodRows());
            recall.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> System.out.printf(
                    "recall %-22s %d / %d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
            System.out.printf("unrelated pairs: %,d; false positives: PDQ %d, PDQ_CROP %d (rate %.2g per pair)%n", pairs,
                    falsePositives.getOrDefault(Signal.PDQ, 0), falsePositives.getOrDefault(Signal.PDQ_CROP, 0),
                    (double) falsePositives.getOrDefault(Signal.PDQ_CROP, 0) / pairs);
            System.out.printf("%d evidence images searched, %.0f ms each (full PDQ + cropped views)%n", queries,
                    nanos / 1e6 / queries);
        }
    }
}
