package org.takedown.matching.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.ingest.IngestResult;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.matching.match.Signal;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqResult;

/**
 * How many real photos are found when a data set stores them as img2dataset and people edit them
 * ({@link PhotoEdits}), in both directions, and how many unrelated photos are matched by mistake:
 * the whole path of a request's evidence (a release ingested by {@link ReleaseIngester} from a
 * JSONL manifest with local images, opened as the service opens it, each query image searched by
 * {@link EvidenceMatcher#matchImage}), with plain PDQ (the {@code PDQ} signal alone) and PDQ plus
 * the 0-5 % crop signal (before the reframed views) as baselines from the same run.
 *
 * <ul>
 *   <li><b>forward</b>: the data set holds the edited copy, the claimant searches with the photo;</li>
 *   <li><b>reverse</b>: the data set holds the photo (keep_ratio 512), the claimant searches with the edited copy;</li>
 *   <li><b>false matches</b>: every hit of an item made from another photo, for the claimant queries and
 *       for every unrelated photo searched against the whole release (which holds each unrelated photo
 *       once, stored as img2dataset's modes in turn).</li>
 * </ul>
 * A photo is usable when its own PDQ quality is at least 50. Claimant photos are drawn (by the seed) from
 * the everyday photos; the telescope photos of the corpus ({@code stellarium-*}) only join the unrelated set.
 *
 * <pre>
 * services/matching/bench/install-photos.sh      # once: real photos from Debian packages into /var/tmp/takedown-photos
 * services/matching/bench/robustness [PHOTO_DIR] [CLAIMANTS=100] [UNRELATED=all] [SEED=1]
 * </pre>
 */
public final class FrameRobustnessBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Originals are shrunk to this long side first: a claimant's photo as shared online, and it bounds the run's time. */
    static final int ORIGINAL_SIDE = 1600;

    /**
     * The columns of the table: which matcher searches and which of its signals count. The baselines run
     * with the reframed query views off and count only the signals they had; their crop views may still
     * reach an item's stored views (its inner 90 %), which favours the baseline a little.
     */
    enum Column {
        PLAIN_PDQ(0, false, false, EnumSet.of(Signal.PDQ)),
        PDQ_AND_CROP(2, false, false, EnumSet.of(Signal.PDQ, Signal.PDQ_CROP)),
        PDQ_VIEWS(2, true, false, EnumSet.of(Signal.PDQ, Signal.PDQ_CROP, Signal.PDQ_FRAME)),
        ALL(2, true, true, EnumSet.of(Signal.PDQ, Signal.PDQ_CROP, Signal.PDQ_FRAME, Signal.LOCAL_FEATURES));

        final Set<Signal> signals;
        final EvidenceMatcher matcher;

        Column(int cropViews, boolean frameViews, boolean localFeatures, Set<Signal> signals) {
            this.signals = signals;
            this.matcher = DemoDatasetMatchingTest.matcher(cropViews, frameViews, localFeatures);
        }
    }

    public static void main(String[] args) throws Exception {
        // Each low-quality query is logged at INFO by the matcher; the table says it all.
        java.util.logging.Logger.getLogger("org.takedown").setLevel(java.util.logging.Level.WARNING);
        Path photoDir = Path.of(args.length > 0 ? args[0] : "/var/tmp/takedown-photos");
        int claimantCount = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int unrelatedCount = args.length > 2 && !args[2].equals("all") ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        List<Path> files;
        try (Stream<Path> list = Files.list(photoDir)) {
            files = new ArrayList<>(list.filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png)")).sorted().toList());
        }
        if (files.size() < claimantCount + 1) {
            System.err.println(photoDir + " has " + files.size() + " photos; run services/matching/bench/install-photos.sh first");
            System.exit(2);
        }
        Collections.shuffle(files, new Random(seed));
        // Claimants are everyday photos; the telescope photos (stellarium-*, square and mostly dark) are
        // kept for the unrelated set, where they test flat dark images against each other.
        files.sort(java.util.Comparator.comparing(p -> p.getFileName().toString().startsWith("stellarium-")));
        List<Path> claimantFiles = files.subList(0, claimantCount);
        List<Path> unrelatedFiles = files.subList(claimantCount, (int) Math.min(files.size(), (long) claimantCount + unrelatedCount));
        System.err.printf(Locale.ROOT, "%d claimant photos, %d unrelated photos from %s%n", claimantFiles.size(),
                unrelatedFiles.size(), photoDir);

        Path work = Files.createTempDirectory("takedown-robustness");
        Path images = Files.createDirectories(work.resolve("release/img"));
        List<PhotoEdits.Edit> edits = PhotoEdits.all(seed);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

        // The release: per claimant photo, every edit (forward) and the photo itself (reverse); each unrelated photo once.
        List<PdqImages.RgbImage> claimants = new ArrayList<>();
        List<Boolean> usable = new ArrayList<>();
        Map<String, String> itemSource = new HashMap<>(); // item id -> photo it was made from
        try (Writer manifest = Files.newBufferedWriter(work.resolve("release/release.jsonl"))) {
            for (int c = 0; c < claimantFiles.size(); c++) {
                PdqImages.RgbImage photo = PhotoEdits.fit(PdqImages.read(claimantFiles.get(c)), ORIGINAL_SIDE);
                claimants.add(photo);
                usable.add(PdqImages.hash(photo).quality() >= PdqResult.MIN_RECOMMENDED_QUALITY);
                for (int e = 0; e < edits.size(); e++) {
                    item(manifest, images, "fwd-" + e + "-" + c, edits.get(e).apply(photo), itemSource, "c" + c);
                }
                item(manifest, images, "rev-" + c, PhotoEdits.jpeg(PhotoEdits.keepRatio(photo, 512), 0.95f), itemSource, "c" + c);
                progress("release: claimant photos", c + 1, claimantFiles.size());
            }
            PhotoEdits.Edit[] storage = {PhotoEdits.named("border 256 white"), PhotoEdits.named("border 256 black"),
                PhotoEdits.named("center_crop 256"), PhotoEdits.named("keep_ratio 256")};
            for (int u = 0; u < unrelatedFiles.size(); u++) {
                PdqImages.RgbImage photo = PhotoEdits.fit(PdqImages.read(unrelatedFiles.get(u)), ORIGINAL_SIDE);
                item(manifest, images, "unrelated-" + u, storage[u % storage.length].apply(photo), itemSource, "u" + u);
                progress("release: unrelated photos", u + 1, unrelatedFiles.size());
            }
        }
        long ingestCpu = cpu.getCurrentThreadCpuTime();
        IngestResult release = new ReleaseIngester(new ReleaseStore(work.resolve("indexes")), 10_000, 2_000_000_000L)
                .ingest(work.resolve("release/release.jsonl"), "robustness", "r1", p -> { });
        ingestCpu = cpu.getCurrentThreadCpuTime() - ingestCpu;
        long items = release.progress().goodRows();
        System.err.printf(Locale.ROOT, "ingested %d items (%d bad) in %.1f s CPU: %.1f ms per item (decode, PDQ, views, index)%n",
                items, release.progress().badRows(), ingestCpu / 1e9, ingestCpu / 1e6 / items);

        Map<Column, int[]> forward = new LinkedHashMap<>();
        Map<Column, int[]> reverse = new LinkedHashMap<>();
        Map<Column, int[]> falseHits = new LinkedHashMap<>();
        Map<Column, int[]> falseQueries = new LinkedHashMap<>();
        for (Column column : Column.values()) {
            forward.put(column, new int[edits.size()]);
            reverse.put(column, new int[edits.size()]);
            falseHits.put(column, new int[1]);
            falseQueries.put(column, new int[1]);
        }
        int usableCount = (int) usable.stream().filter(u -> u).count();
        int queries = 0;
        if (System.getProperty("calibrate") != null) {
            try (LuceneDatasetIndex index = LuceneDatasetIndex.open(release.releaseDir(), "robustness", "r1")) {
                LocalFeaturesCalibration.run(index, claimants, usable, edits, unrelatedFiles, itemSource);
            }
            return;
        }
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(release.releaseDir(), "robustness", "r1")) {
            long[] cpuNanos = new long[1];
            for (int c = 0; c < claimants.size(); c++) {
                String self = "c" + c;
                Map<Column, List<EvidenceMatcher.EvidenceHit>> hits = search(claimants.get(c), index, cpuNanos);
                queries++;
                countFalse(hits, self, itemSource, falseHits, falseQueries);
                for (int e = 0; e < edits.size(); e++) {
                    if (usable.get(c)) {
                        count(hits, "fwd-" + e + "-" + c, forward, e);
                    }
                    byte[] edited = edits.get(e).apply(claimants.get(c));
                    Map<Column, List<EvidenceMatcher.EvidenceHit>> back = search(PdqImages.read(edited), index, cpuNanos);
                    queries++;
                    countFalse(back, self, itemSource, falseHits, falseQueries);
                    if (usable.get(c)) {
                        count(back, "rev-" + c, reverse, e);
                    }
                }
                progress("queries: claimant photos and their edits", c + 1, claimants.size());
            }
            int unrelatedQueries = 0;
            for (int u = 0; u < unrelatedFiles.size(); u++) {
                PdqImages.RgbImage photo = PhotoEdits.fit(PdqImages.read(unrelatedFiles.get(u)), ORIGINAL_SIDE);
                Map<Column, List<EvidenceMatcher.EvidenceHit>> hits = search(photo, index, cpuNanos);
                queries++;
                unrelatedQueries++;
                countFalse(hits, "u" + u, itemSource, falseHits, falseQueries);
                progress("queries: unrelated photos", u + 1, unrelatedFiles.size());
            }

            System.out.printf(Locale.ROOT, "%n%d claimant photos (%d usable: PDQ quality >= 50), %d unrelated photos, %d items "
                    + "in the release; seed %d%n%n", claimants.size(), usableCount, unrelatedFiles.size(), items, seed);
            System.out.println("| edit | forward: plain PDQ | PDQ + crop signal | PDQ views | **now** (+ local features) "
                    + "| reverse: plain PDQ | PDQ + crop signal | PDQ views | **now** |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int e = 0; e < edits.size(); e++) {
                StringBuilder row = new StringBuilder("| ").append(edits.get(e).name());
                for (Map<Column, int[]> direction : List.of(forward, reverse)) {
                    for (Column column : Column.values()) {
                        String cell = direction.get(column)[e] + "/" + usableCount;
                        row.append(" | ").append(column == Column.ALL ? "**" + cell + "**" : cell);
                    }
                }
                System.out.println(row.append(" |"));
            }
            System.out.printf(Locale.ROOT, "%nfalse matches over %d queries (%d of them unrelated photos), per 1,000 queries:%n",
                    queries, unrelatedQueries);
            for (Column column : Column.values()) {
                System.out.printf(Locale.ROOT, "  %-13s %d false hits in %d queries (%.2f per 1,000 queries)%n", column,
                        falseHits.get(column)[0], falseQueries.get(column)[0], 1000.0 * falseQueries.get(column)[0] / queries);
            }
            System.out.printf(Locale.ROOT, "%nCPU per query image (decode excluded: PDQ, 8 variants, reframed views, 624 crop "
                    + "views, local features, lookups in %d items): %.1f ms; per ingested item (decode, PDQ, views, indexing): %.1f ms%n",
                    items, cpuNanos[0] / 1e6 / queries, ingestCpu / 1e6 / items);
        }
    }

    /** Each column's hits of one query; the CPU time of the full matcher ({@link Column#ALL}) is added to {@code cpuNanos}. */
    private static Map<Column, List<EvidenceMatcher.EvidenceHit>> search(PdqImages.RgbImage image, LuceneDatasetIndex index,
                                                                       long[] cpuNanos) {
        Map<Column, List<EvidenceMatcher.EvidenceHit>> byColumn = new java.util.EnumMap<>(Column.class);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (Column column : Column.values()) {
            List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
            long t0 = cpu.getCurrentThreadCpuTime();
            column.matcher.matchImage(image, 0, index, hits);
            if (column == Column.ALL) {
                cpuNanos[0] += cpu.getCurrentThreadCpuTime() - t0;
            }
            byColumn.put(column, hits);
        }
        return byColumn;
    }

    private static void count(Map<Column, List<EvidenceMatcher.EvidenceHit>> hits, String itemId, Map<Column, int[]> table, int e) {
        for (Column column : Column.values()) {
            if (hits.get(column).stream().anyMatch(h -> h.item().itemId().equals(itemId) && column.signals.contains(h.signal()))) {
                table.get(column)[e]++;
            }
        }
    }

    private static void countFalse(Map<Column, List<EvidenceMatcher.EvidenceHit>> hits, String self, Map<String, String> itemSource,
                                   Map<Column, int[]> falseHits, Map<Column, int[]> falseQueries) {
        hits.get(Column.ALL).stream().filter(h -> !self.equals(itemSource.get(h.item().itemId()))).forEach(h -> System.err.printf(
                Locale.ROOT, "false match: query from photo %s hit item %s (%s): %s%n", self, h.item().itemId(), h.signal(), h.detail()));
        for (Column column : Column.values()) {
            long wrong = hits.get(column).stream().filter(h -> column.signals.contains(h.signal()))
                    .filter(h -> !self.equals(itemSource.get(h.item().itemId()))).count();
            falseHits.get(column)[0] += (int) wrong;
            if (wrong > 0) {
                falseQueries.get(column)[0]++;
            }
        }
    }

    private static void item(Writer manifest, Path images, String id, byte[] jpeg, Map<String, String> itemSource, String source)
            throws IOException {
        Files.write(images.resolve(id + ".jpg"), jpeg);
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("url", "https://images.example.org/robustness/" + id + ".jpg");
        row.put("caption", "item " + id);
        row.put("image", "img/" + id + ".jpg");
        manifest.write(JSON.writeValueAsString(row));
        manifest.write('\n');
        itemSource.put(id, source);
    }

    private static long lastProgress;

    private static void progress(String what, int done, int total) {
        long now = System.nanoTime();
        if (done == total || now - lastProgress > 2_000_000_000L) {
            lastProgress = now;
            System.err.printf(Locale.ROOT, "%s: %d/%d%n", what, done, total);
        }
    }
}
