package org.takedown.matching.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.ingest.IngestResult;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.matching.match.Signal;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.matching.pdq.TestData;

/** A release of real photos written as a JSONL manifest with local images, ingested like any other, and searched. */
final class PhotoRelease {

    private PhotoRelease() {
    }

    /** Meta's PDQ reference photos used as the claimants' photos: the 1600x1004 bridge, the 924x735 pen and coaster. */
    static final List<String> PHOTOS = List.of("dih/bridge-1-original.jpg", "pen-and-coaster.png");
    /** Photos of other scenes from the same reference set. */
    static final List<String> UNRELATED = List.of("labelme-subset/q0122.jpg", "labelme-subset/q0291.jpg",
            "labelme-subset/q0746.jpg", "labelme-subset/q1050.jpg", "labelme-subset/q2821.jpg");

    /** The release and the decoded claimant photos it was made from (in {@link #PHOTOS} order). */
    record Built(LuceneDatasetIndex index, List<PdqImages.RgbImage> photos) {
    }

    /** The item id of photo {@code photo} as edit {@code edit} stored it. */
    static String forward(int photo, String edit) {
        return "photo" + photo + "-" + edit.replace(' ', '-').replace("%", "pc");
    }

    /** The item id of photo {@code photo} itself (keep_ratio 512). */
    static String reverse(int photo) {
        return "photo" + photo + "-keep_ratio-512";
    }

    /**
     * A release holding each of {@link #PHOTOS} as every one of {@code edits} stores it and as itself, and
     * unrelated photo u stored as {@code unrelated.apply(u)} does.
     */
    static Built build(Path dir, String datasetId, List<String> edits, IntFunction<PhotoEdits.Edit> unrelated) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<PdqImages.RgbImage> photos = new ArrayList<>();
        for (int p = 0; p < PHOTOS.size(); p++) {
            PdqImages.RgbImage photo = PdqImages.read(TestData.image(PHOTOS.get(p)));
            photos.add(photo);
            for (String edit : edits) {
                files.put(forward(p, edit), PhotoEdits.named(edit).apply(photo));
            }
            files.put(reverse(p), PhotoEdits.jpeg(PhotoEdits.keepRatio(photo, 512), 0.95f));
        }
        for (int u = 0; u < UNRELATED.size(); u++) {
            files.put("unrelated-" + u, unrelated.apply(u).apply(PdqImages.read(TestData.image(UNRELATED.get(u)))));
        }
        return new Built(ingest(dir, files, datasetId), photos);
    }

    /** Ingests {@code files} (item id to encoded image) under {@code dir} as {@code datasetId}/r1 and opens it. */
    static LuceneDatasetIndex ingest(Path dir, Map<String, byte[]> files, String datasetId) throws IOException {
        Path images = Files.createDirectories(dir.resolve("release/img"));
        ObjectMapper json = new ObjectMapper();
        try (Writer manifest = Files.newBufferedWriter(dir.resolve("release/release.jsonl"))) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(images.resolve(file.getKey() + ".jpg"), file.getValue());
                Map<String, String> row = new LinkedHashMap<>();
                row.put("id", file.getKey());
                row.put("url", "https://images.example.org/" + file.getKey() + ".jpg");
                row.put("image", "img/" + file.getKey() + ".jpg");
                manifest.write(json.writeValueAsString(row) + "\n");
            }
        }
        IngestResult release = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 1000, Long.MAX_VALUE)
                .ingest(dir.resolve("release/release.jsonl"), datasetId, "r1", p -> { });
        assertEquals(0, release.progress().badRows());
        return LuceneDatasetIndex.open(release.releaseDir(), datasetId, "r1");
    }

    /** Every hit of {@code query} with the service's signals (crop signal at 2 views). */
    static List<EvidenceMatcher.EvidenceHit> search(LuceneDatasetIndex index, PdqImages.RgbImage query) {
        List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
        DemoDatasetMatchingTest.matcher(2).matchImage(query, 0, index, hits);
        return hits;
    }

    /** The ids of the items hit through one of {@code signals}. */
    static Set<String> items(List<EvidenceMatcher.EvidenceHit> hits, Set<Signal> signals) {
        return hits.stream().filter(h -> signals.contains(h.signal())).map(h -> h.item().itemId())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
