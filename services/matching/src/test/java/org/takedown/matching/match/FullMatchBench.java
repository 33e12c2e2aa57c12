package org.takedown.matching.match;

import jakarta.persistence.EntityManager;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.takedown.events.ClaimType;
import org.takedown.events.RequestVerified;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.embed.CaptionSemanticMatcher;
import org.takedown.matching.embed.ImageKnnMatcher;
import org.takedown.matching.evidence.BenchEvidence;
import org.takedown.matching.evidence.EvidenceMatcher;
import org.takedown.matching.features.Keypoint;
import org.takedown.matching.features.LocalFeatures;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.pdq.FrameViews;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.matching.registry.ActiveReleases;
import org.takedown.matching.signal.CaptionSemanticSignal;
import org.takedown.matching.signal.CaptionTextSignal;
import org.takedown.matching.signal.DomainMatcher;
import org.takedown.matching.signal.ImageKnnSignal;
import org.takedown.matching.signal.MatchQueryLoader;
import org.takedown.matching.signal.PdqMatcher;
import org.takedown.matching.signal.SignalMatcher;
import org.takedown.matching.signal.UrlMatcher;
import org.takedown.matching.text.CaptionTextMatcher;
import org.takedown.matching.text.IntakeTextQueryClient;
import org.takedown.messaging.BenchOutbox;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;

/**
 * Full-match benchmark (a main, not a test): builds a release of {@code ROWS} synthetic rows
 * (URLs on 2,000 hosts, 6-14-word captions, a random PDQ hash of quality 100 per row, plus resized,
 * mirrored and cropped copies of three "claimant" pictures and a name in 40 captions), writing the
 * Lucene index directly, opens it as the service does (memory-mapped, PDQ index built), then runs
 * full matches - 3 evidence images (1024x768 PNG, decoded and hashed as if from intake), 100 image
 * URLs (half in the release), 1 text query - through {@link MatchingService#match} itself, with an
 * outbox that serialises the event instead of inserting it and a no-op entity manager instead of
 * PostgreSQL, and no Kafka.
 *
 * <p>Each row is stored with three random extra hashes, as img2dataset's default border mode gives an
 * item (content box, its centred square, inner 90 %: {@code FrameViews.itemViews}), so the PDQ index
 * holds four hashes per row. Baselines in the same run, alternating with the full match: the same
 * request with the crop signal off ({@code crop-views=0}) and with the reframed views off; then each part alone.
 * <pre>
 * java -Xmx2g -cp target/classes:target/test-classes:$(cat cp.txt) org.takedown.matching.match.FullMatchBench [ROWS=1000000] [RUNS=20] [POINTS=0]
 * </pre>
 */
public final class FullMatchBench {

    private static final String NAME = "Jane Quillfeather";

    private FullMatchBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        // Local features per row (0: none, as releases ingested without them; 64: as ReleaseIngester stores them).
        int points = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Random random = new Random(2026);
        Path dir = Files.createTempDirectory("full-match-bench");

        // Three claimant pictures; the release holds a resized, a mirrored and a cropped copy of each.
        List<byte[]> evidence = new ArrayList<>();
        List<IndexedItem> copies = new ArrayList<>();
        List<PdqResult> copyHashes = new ArrayList<>();
        List<List<Keypoint>> copyPoints = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            BufferedImage original = SyntheticImages.picture(seed, 1024, 768);
            evidence.add(SyntheticImages.png(original));
            for (String kind : new String[] {"resized", "mirrored", "cropped"}) {
                BufferedImage copy = switch (kind) {
                    case "resized" -> SyntheticImages.resize(original, 400, 300);
                    case "mirrored" -> SyntheticImages.flipHorizontally(original);
                    default -> SyntheticImages.crop(original, 0.03, 0.02, 0.04, 0.01);
                };
                String id = "copy-" + seed + "-" + kind;
                copies.add(new IndexedItem(id, "https://copies.example.net/" + id + ".jpg", "a copy"));
                copyHashes.add(PdqImages.hash(copy));
                copyPoints.add(points == 0 ? List.of() : LocalFeatures.extract(
                        new PdqImages.RgbImage(PdqImages.toRgb(copy), copy.getWidth(), copy.getHeight()), LocalFeatures.ITEM_POINTS));
            }
        }

        String[] words = new String[2000];
        for (int i = 0; i < words.length; i++) {
            words[i] = word(random);
        }
        long t0 = System.nanoTime();
        try (FSDirectory fs = FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(fs, new IndexWriterConfig(new StandardAnalyzer())
                     .setRAMBufferSizeMB(256).setCommitOnClose(true))) {
            int every = Math.max(1, rows / 40);
            for (int i = 0; i < rows; i++) {
                StringBuilder caption = new StringBuilder();
                int n = 6 + random.nextInt(9);
                for (int w = 0; w < n; w++) {
                    int pick = (int) Math.min(words.length - 1, Math.abs(random.nextGaussian()) * 400);
                    caption.append(w == 0 ? "" : " ").append(words[pick]);
                }
                if (i % every == 7) {
                    caption.append(" portrait of ").append(NAME);
                }
                IndexedItem item = new IndexedItem("row-" + i, url(i), caption.toString());
                // As img2dataset's default border mode stores a photo: the item's hash and three stored views
                // (content box, its centred square, inner 90 %), here random like the item's hash.
                writer.addDocument(LuceneDatasetIndex.withKeypoints(LuceneDatasetIndex.document(item, randomHash(random), 100,
                        List.of(randomView(FrameViews.Frame.CONTENT, random), randomView(FrameViews.Frame.SQUARE, random),
                                randomView(FrameViews.Frame.INNER, random))), randomPoints(random, points)));
            }
            for (int c = 0; c < copies.size(); c++) {
                writer.addDocument(LuceneDatasetIndex.withKeypoints(LuceneDatasetIndex.document(copies.get(c), copyHashes.get(c)),
                        copyPoints.get(c)));
            }
            if (points > 0) {
                writer.setLiveCommitData(Map.of(LocalFeatures.COMMIT_KEY, LocalFeatures.VERSION).entrySet());
            }
            writer.forceMerge(1);
        }
        long t1 = System.nanoTime();
        LuceneDatasetIndex release = LuceneDatasetIndex.open(dir, "bench", "r1");
        long t2 = System.nanoTime();
        System.out.printf("release: %,d rows (%,d with PDQ hashes, %d local features each, searched: %s) written in %.1f s, "
                        + "opened in %.1f s | java %s, %d cpu(s), max heap %,d MB%n",
                release.size(), release.hashedItems(), points, release.hasLocalFeatures(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            urls.add(i % 2 == 0 ? url(random.nextInt(rows)) : "https://elsewhere.example.com/" + i + ".jpg");
        }
        List<IntakeTextQueryClient.TextQuery> text = List.of(new IntakeTextQueryClient.TextQuery(0, NAME));

        BenchOutbox outbox = new BenchOutbox();
        MatchingService full = service(release, evidence, text, 2, outbox);
        MatchingService noCrops = service(release, evidence, text, 0, new BenchOutbox());
        MatchingService noFrames = service(release, evidence, text, 2, true, false, new BenchOutbox());
        MatchingService noLocal = service(release, evidence, text, 2, false, true, new BenchOutbox());
        RequestVerified all = request(urls, 1, 3);
        full.match(all);
        System.out.printf("one full match: %,d bytes of MatchesFound JSON%n", outbox.bytes.get());
        // Warm-up, then alternate so that load on the shared machine hits both alike.
        for (int i = 0; i < 3; i++) {
            full.match(all);
            noCrops.match(all);
            noFrames.match(all);
            noLocal.match(all);
        }
        double[] fullMs = new double[runs];
        double[] baseMs = new double[runs];
        double[] noFramesMs = new double[runs];
        double[] noLocalMs = new double[runs];
        for (int i = 0; i < runs; i++) {
            fullMs[i] = time(full, all);
            baseMs[i] = time(noCrops, all);
            noFramesMs[i] = time(noFrames, all);
            noLocalMs[i] = time(noLocal, all);
        }
        report("full match (3 images, 100 URLs, 1 text query)", fullMs);
        report("baseline: the same with the crop signal off", baseMs);
        report("baseline: the same with the reframed views off", noFramesMs);
        report("baseline: the same with local features off", noLocalMs);
        report("part: 100 URLs only", times(full, request(urls, 0, 0), runs));
        report("part: 1 text query only", times(full, request(List.of(), 1, 0), runs));
        report("part: 3 evidence images, crop signal off", times(noCrops, request(List.of(), 0, 3), runs));
        System.out.printf("load average at the end: %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        release.close();
    }

    private static MatchingService service(LuceneDatasetIndex release, List<byte[]> evidence,
                                           List<IntakeTextQueryClient.TextQuery> text, int cropViews, BenchOutbox outbox) {
        return service(release, evidence, text, cropViews, false, false, outbox);
    }

    private static PdqHash randomHash(Random random) {
        return PdqHash.ofWords(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    /**
     * {@code n} points with random descriptors at random places: the cost of looking a query's points up
     * among them is that of a release's, minus the clustering of real descriptors (which gives more candidates).
     */
    private static List<Keypoint> randomPoints(Random random, int n) {
        List<Keypoint> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Keypoint(random.nextFloat(), random.nextFloat() * 0.75f, 0.01f + random.nextFloat() * 0.05f, randomHash(random)));
        }
        return list;
    }

    private static LuceneDatasetIndex.StoredView randomView(FrameViews.Frame frame, Random random) {
        return new LuceneDatasetIndex.StoredView(frame, randomHash(random), 100);
    }

    private static MatchingService service(LuceneDatasetIndex release, List<byte[]> evidence,
                                           List<IntakeTextQueryClient.TextQuery> text, int cropViews, boolean framesOff,
                                           boolean localOff, BenchOutbox outbox) {
        MatchingConfig config = BenchEvidence.config(cropViews, !framesOff, !localOff);
        EvidenceMatcher matcher = BenchEvidence.matcher(evidence, config);
        EntityManager em = (EntityManager) Proxy.newProxyInstance(EntityManager.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, (proxy, method, args) -> null);
        MatchRunRepository runs = new MatchRunRepository() {
            @Override
            public void persist(MatchRun run) {
            }
        };
        CaptionTextMatcher captions = new CaptionTextMatcher(requestId -> text, config);
        List<SignalMatcher> signals = List.of(new UrlMatcher(), new DomainMatcher(config), new PdqMatcher(matcher),
                new CaptionTextSignal(captions), new ImageKnnSignal(new ImageKnnMatcher(Optional.empty(), 0.85, 10)),
                new CaptionSemanticSignal(new CaptionSemanticMatcher(0.8, 10)));
        MatchQueryLoader loader = new MatchQueryLoader(BenchEvidence.source(evidence), requestId -> text, BenchEvidence.HASHING);
        return new MatchingService(ActiveReleases.serving(release), runs, outbox, config, em, loader, signals);
    }

    private static RequestVerified request(List<String> urls, int textQueries, int images) {
        return new RequestVerified(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), ClaimType.LIKENESS, urls, List.of(),
                textQueries, images, 0, List.of());
    }

    private static double time(MatchingService service, RequestVerified request) {
        long start = System.nanoTime();
        service.match(request);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double[] times(MatchingService service, RequestVerified request, int runs) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = time(service, request);
        }
        return ms;
    }

    private static void report(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-48s p50 %8.1f ms | p95 %8.1f ms | max %8.1f ms (%d runs)%n", what,
                sorted[(int) Math.floor(0.50 * (sorted.length - 1))], sorted[(int) Math.ceil(0.95 * (sorted.length - 1))],
                sorted[sorted.length - 1], sorted.length);
    }

    private static String url(int i) {
        return "https://img" + (i % 2000) + ".example.org/photos/" + i + ".jpg";
    }

    private static String word(Random random) {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        StringBuilder w = new StringBuilder();
        int n = 3 + random.nextInt(7);
        for (int i = 0; i < n; i++) {
            w.append(letters.charAt(random.nextInt(letters.length())));
        }
        return w.toString();
    }
}
