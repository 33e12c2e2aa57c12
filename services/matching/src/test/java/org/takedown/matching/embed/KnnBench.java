package org.takedown.matching.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Image kNN benchmark (a main, not a test): N clustered unit vectors of D dimensions (CLIP-like:
 * 1,000 cluster centres, each vector a centre plus noise, so that neighbours are meaningful) in a
 * Lucene HNSW index, float and int8-quantised, as the release index stores them (cosine, M = 16,
 * beam 100, 100 candidates per query unless told). Reports build time, p50/p95 query latency and
 * recall@10 for each number of candidates against exact brute-force search over the same vectors in
 * the same run, and heap used. The graph is built by one indexing thread per core, then merged to
 * one segment with as many merge workers.
 *
 * <pre>
 * java -Xmx2g -cp target/classes:target/test-classes:$(cat target/cp.txt) org.takedown.matching.embed.KnnBench \
 *     [vectors=200000] [dims=768] [formats=float,int8] [queries=1000] [recallQueries=200] [candidates=100[,200,…]] [threads=cores] [keepIndexIn]
 * </pre>
 * The vectors are kept on the heap for the exact search (4 x N x D bytes: 3 GB at 1 M x 768, so
 * {@code -Xmx5g} at least there, more to keep the indexing threads' segments in memory); the index
 * itself is memory-mapped from a temporary directory.
 */
public final class KnnBench {

    private static final int K = 10;
    private static final int CANDIDATES = 100;
    private static final int CLUSTERS = 1000;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int dims = args.length > 1 ? Integer.parseInt(args[1]) : 768;
        String[] formats = (args.length > 2 ? args[2] : "float,int8").split(",");
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int recallQueries = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        int[] candidateCounts = Arrays.stream((args.length > 5 ? args[5] : String.valueOf(CANDIDATES)).split(","))
                .mapToInt(Integer::parseInt).toArray();
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : Runtime.getRuntime().availableProcessors();
        // A directory to keep the index in (one per format): a later run with the same arguments reuses it instead of
        // building the graph again (the vectors are generated from a fixed seed).
        Path keep = args.length > 7 ? Path.of(args[7]) : null;

        long t0 = System.nanoTime();
        SplittableRandom random = new SplittableRandom(42);
        float[][] centres = new float[CLUSTERS][];
        for (int c = 0; c < CLUSTERS; c++) {
            centres[c] = Vectors.normalize(gaussian(random, dims, 1.0));
        }
        float[] data = new float[n * dims];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sample(random, centres, dims), 0, data, i * dims, dims);
        }
        float[][] query = new float[queries][];
        for (int q = 0; q < queries; q++) {
            query[q] = sample(random, centres, dims);
        }
        System.out.printf(Locale.ROOT, "%,d vectors x %d dims (%,d MB as float32), %d clusters, generated in %.1f s; "
                + "JVM %s, %d CPUs, load %.1f%n", n, dims, 4L * n * dims >> 20, CLUSTERS, (System.nanoTime() - t0) / 1e9,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load());

        // Exact search: the baseline, and the truth for recall.
        // One query at a time per thread, all threads busy: the per-query time is each one's own.
        int[][] truth = new int[recallQueries][];
        AtomicLong exactNanos = new AtomicLong();
        IntStream.range(0, recallQueries).parallel().forEach(q -> {
            long s = System.nanoTime();
            truth[q] = exactTop(data, n, dims, query[q], K);
            exactNanos.addAndGet(System.nanoTime() - s);
        });
        double exactMs = exactNanos.get() / 1e6 / recallQueries;
        System.out.printf(Locale.ROOT, "exact brute-force search: %.1f ms per query (mean of %d, %.0f s in all)%n", exactMs,
                recallQueries, (System.nanoTime() - t0) / 1e9);

        for (String format : formats) {
            boolean int8 = format.equals("int8");
            Path dir = keep == null ? Files.createTempDirectory("knn-bench-" + format)
                    : Files.createDirectories(keep.resolve(n + "x" + dims + "-" + format));
            ExecutorService mergeExecutor = Executors.newFixedThreadPool(threads);
            try (FSDirectory directory = FSDirectory.open(dir)) {
                long b0 = System.nanoTime();
                boolean reuse = DirectoryReader.indexExists(directory);
                double mergeS = 0;
                if (reuse) {
                    System.out.printf(Locale.ROOT, "  %s: reusing the index in %s%n", format, dir);
                } else {
                    // Room for every indexing thread's segment in memory (about 3.3 KB per 768-dim vector with
                    // its graph), so that each thread flushes few, large segments and the merge reuses the largest graph.
                    IndexWriterConfig config = new IndexWriterConfig().setCodec(VectorCodecs.codec(int8, threads, mergeExecutor))
                            .setRAMBufferSizeMB(Math.max(256, Runtime.getRuntime().maxMemory() / 2 - 4L * n * dims >> 20))
                            .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
                    try (IndexWriter writer = new IndexWriter(directory, config)) {
                        AtomicInteger indexed = new AtomicInteger();
                        ExecutorService indexers = Executors.newFixedThreadPool(threads);
                        List<Future<?>> parts = new ArrayList<>();
                        for (int t = 0; t < threads; t++) {
                            int first = t;
                            parts.add(indexers.submit(() -> {
                                for (int i = first; i < n; i += threads) {
                                    Document doc = new Document();
                                    doc.add(new StoredField("i", i));
                                    doc.add(new KnnFloatVectorField("v", Arrays.copyOfRange(data, i * dims, (i + 1) * dims),
                                            VectorSimilarityFunction.COSINE));
                                    writer.addDocument(doc);
                                    int done = indexed.incrementAndGet();
                                    if (done % 20_000 == 0) {
                                        double s = (System.nanoTime() - b0) / 1e9;
                                        System.out.printf(Locale.ROOT, "  %s: %,d of %,d added, %.0f s, %,.0f/s, ETA %.0f s%n",
                                                format, done, n, s, done / s, (n - done) / (done / s));
                                    }
                                }
                                return null;
                            }));
                        }
                        for (Future<?> part : parts) {
                            part.get();
                        }
                        indexers.shutdown();
                        writer.flush();
                        long m0 = System.nanoTime();
                        try (DirectoryReader flushed = DirectoryReader.open(writer)) {
                            System.out.printf(Locale.ROOT, "  %s: %,d added in %.0f s, %d segments; merging to one on %d threads%n",
                                    format, n, (m0 - b0) / 1e9, flushed.leaves().size(), threads);
                        }
                        writer.forceMerge(1);
                        writer.commit();
                        mergeS = (System.nanoTime() - m0) / 1e9;
                    }
                }
                double buildS = (System.nanoTime() - b0) / 1e9;
                try (DirectoryReader reader = DirectoryReader.open(directory)) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    int[] ids = new int[n];
                    var stored = searcher.storedFields();
                    for (int d = 0; d < reader.maxDoc(); d++) {
                        ids[d] = stored.document(d).getField("i").numericValue().intValue();
                    }
                    if (!reuse) {
                        System.out.printf(Locale.ROOT, "%s HNSW: built in %.0f s (%,.0f vectors/s, of which %.0f s merging to one "
                                + "segment), index %,d MB on disk; load %.1f%n", format, buildS, n / buildS, mergeS, size(dir) >> 20, load());
                    }
                    for (int candidates : candidateCounts) {
                        for (int w = 0; w < Math.min(200, queries); w++) { // warm-up
                            searcher.search(new KnnFloatVectorQuery("v", query[w], candidates), candidates);
                        }
                        long[] latency = new long[queries];
                        double recall = 0;
                        for (int q = 0; q < queries; q++) {
                            long s = System.nanoTime();
                            TopDocs top = searcher.search(new KnnFloatVectorQuery("v", query[q], candidates), candidates);
                            latency[q] = System.nanoTime() - s;
                            if (q < recallQueries) {
                                int found = 0;
                                for (int r = 0; r < Math.min(K, top.scoreDocs.length); r++) {
                                    int id = ids[top.scoreDocs[r].doc];
                                    for (int t : truth[q]) {
                                        found += t == id ? 1 : 0;
                                    }
                                }
                                recall += found / (double) K;
                            }
                        }
                        Arrays.sort(latency);
                        double p50 = latency[queries / 2] / 1e6;
                        double p95 = latency[(int) (queries * 0.95)] / 1e6;
                        System.gc();
                        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                        System.out.printf(Locale.ROOT, "%s HNSW, %d candidates: p50 %.2f ms, p95 %.2f ms (%d queries); "
                                        + "recall@%d %.3f (%d queries); exact search %.1f ms = x%.0f the p50; "
                                        + "heap used %,d MB (of which %,d MB the benchmark's own copy of the vectors); load %.1f%n",
                                format, candidates, p50, p95, queries, K, recall / recallQueries, recallQueries, exactMs,
                                exactMs / p50, heap >> 20, 4L * n * dims >> 20, load());
                        // The same candidates re-ranked by the exact cosine of their stored float vectors, as matching does.
                        for (int w = 0; w < Math.min(200, queries); w++) {
                            VectorSearch.nearest(searcher, "v", query[w], K, candidates);
                        }
                        long[] rescoredLatency = new long[queries];
                        double rescoredRecall = 0;
                        for (int q = 0; q < queries; q++) {
                            long s = System.nanoTime();
                            List<VectorSearch.Neighbour> top = VectorSearch.nearest(searcher, "v", query[q], K, candidates);
                            rescoredLatency[q] = System.nanoTime() - s;
                            if (q < recallQueries) {
                                int found = 0;
                                for (VectorSearch.Neighbour hit : top) {
                                    int id = ids[hit.doc()];
                                    for (int t : truth[q]) {
                                        found += t == id ? 1 : 0;
                                    }
                                }
                                rescoredRecall += found / (double) K;
                            }
                        }
                        Arrays.sort(rescoredLatency);
                        System.out.printf(Locale.ROOT, "%s HNSW, %d candidates, re-ranked exactly: p50 %.2f ms, p95 %.2f ms; recall@%d %.3f%n",
                                format, candidates, rescoredLatency[queries / 2] / 1e6, rescoredLatency[(int) (queries * 0.95)] / 1e6, K,
                                rescoredRecall / recallQueries);
                    }
                }
            } finally {
                mergeExecutor.shutdown();
            }
            if (keep == null) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    private static float[] sample(SplittableRandom random, float[][] centres, int dims) {
        float[] centre = centres[random.nextInt(centres.length)];
        float[] v = gaussian(random, dims, 1.0 / Math.sqrt(dims));
        for (int i = 0; i < dims; i++) {
            v[i] += centre[i];
        }
        return Vectors.normalize(v);
    }

    private static float[] gaussian(SplittableRandom random, int dims, double sigma) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            double u = 1 - random.nextDouble();
            v[i] = (float) (sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return v;
    }

    /** The ids of the k largest dot products (all vectors are unit length, so cosine). */
    static int[] exactTop(float[] data, int n, int dims, float[] q, int k) {
        int[] best = new int[k];
        double[] score = new double[k];
        Arrays.fill(score, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            double s = 0;
            int base = i * dims;
            for (int d = 0; d < dims; d++) {
                s += data[base + d] * q[d];
            }
            if (s > score[k - 1]) {
                int j = k - 1;
                while (j > 0 && score[j - 1] < s) {
                    score[j] = score[j - 1];
                    best[j] = best[j - 1];
                    j--;
                }
                score[j] = s;
                best[j] = i;
            }
        }
        return best;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
