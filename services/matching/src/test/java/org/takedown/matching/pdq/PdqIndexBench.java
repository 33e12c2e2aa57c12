package org.takedown.matching.pdq;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;

/**
 * PDQ index benchmark (a main method, deliberately not a test: timings on a shared machine are
 * noise, and a timed assertion would be flaky). Run after {@code mvn -o -q test-compile}:
 * <pre>
 *   java -Xmx1500m -cp target/classes:target/test-classes org.takedown.matching.pdq.PdqIndexBench \
 *       [hashes=10000000] [queries=20000] [bruteForceSample=100] [threads=2] [substrings=auto]
 * </pre>
 * Random 256-bit hashes; half the queries are copies of indexed hashes with 0..40 bits flipped
 * (so about three quarters of those have a true neighbour within 31 bits), half are random.
 * Prints build time, heap used, lookups/s at distance 31 (one hash, and the 8 variants of a
 * dihedral query), the brute-force scan's lookups/s as the baseline, and checks that the index
 * answers exactly as the scan on a sample.
 */
public final class PdqIndexBench {

    private PdqIndexBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int queryCount = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int sample = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int substrings = args.length > 4 ? Integer.parseInt(args[4]) : 0; // 0: the index's own choice
        Random random = new Random(2026);

        long heapBefore = usedHeapAfterGc();
        long[] words = new long[4 * n];
        for (int i = 0; i < words.length; i++) {
            words[i] = random.nextLong();
        }
        PdqHash[] queries = new PdqHash[queryCount];
        for (int q = 0; q < queryCount; q++) {
            queries[q] = q % 2 == 0 ? near(words, n, random) : PdqIndexTest.randomHash(random);
        }

        long t0 = System.nanoTime();
        PdqIndex index = substrings > 0 ? PdqIndex.build(words, n, 31, substrings) : PdqIndex.build(words, n);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long heapUsed = usedHeapAfterGc() - heapBefore;
        System.out.printf("hashes %,d | substrings %d | build %.1f s | heap used by hashes + index %.0f MB (max heap %.0f MB) | java %s, %d cpu(s)%n",
                n, index.substrings(), buildSeconds, heapUsed / 1e6, Runtime.getRuntime().maxMemory() / 1e6,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        // Exactness on a sample, and the brute-force baseline's speed on the same queries.
        long bfStart = System.nanoTime();
        int mismatches = 0;
        long sampleHits = 0;
        for (int q = 0; q < sample; q++) {
            List<PdqIndex.Hit> expected = BruteForce.search(words, n, queries[q], 31);
            sampleHits += expected.size();
            if (!expected.equals(index.search(queries[q], 31))) {
                mismatches++;
            }
        }
        double bruteForceRate = sample / ((System.nanoTime() - bfStart) / 1e9);
        System.out.printf("sample of %d queries: %d with different results than brute force, %d hits in total%n",
                sample, mismatches, sampleHits);

        warmUp(index, queries);
        double[] single = rate(index, queries, 1, false);
        double[] parallel = threads > 1 ? rate(index, queries, threads, false) : single;
        double[] dihedral = rate(index, queries, 1, true);
        System.out.printf("brute force (baseline, 1 thread): %,.1f lookups/s wall (includes the index check)%n", bruteForceRate);
        System.out.printf("index, 1 thread:   %,.0f lookups/s wall, %,.0f per CPU second (%.0fx brute force, wall)%n",
                single[0], single[1], single[0] / bruteForceRate);
        System.out.printf("index, %d threads: %,.0f lookups/s wall, %,.0f per CPU second%n", threads, parallel[0], parallel[1]);
        System.out.printf("index, dihedral (8 variants per query), 1 thread: %,.0f queries/s wall, %,.0f per CPU second%n",
                dihedral[0], dihedral[1]);
        System.out.printf("load average at the end: %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (mismatches > 0) {
            System.exit(1);
        }
    }

    /**
     * The query and seven stand-ins for its other variants: on random data the variants of a hash
     * are as unrelated to the index as random hashes (derived by XOR, which costs nothing).
     */
    private static java.util.Map<Dihedral, PdqHash> variants(PdqHash query) {
        java.util.Map<Dihedral, PdqHash> variants = new java.util.EnumMap<>(Dihedral.class);
        for (Dihedral d : Dihedral.values()) {
            long k = 0x9E3779B97F4A7C15L * (d.ordinal() + 1);
            variants.put(d, d == Dihedral.ORIGINAL ? query : PdqHash.ofWords(query.word(0) ^ k,
                    query.word(1) ^ Long.rotateLeft(k, 17), query.word(2) ^ Long.rotateLeft(k, 31),
                    query.word(3) ^ Long.rotateLeft(k, 47)));
        }
        return variants;
    }

    private static PdqHash near(long[] words, int n, Random random) {
        int o = 4 * random.nextInt(n);
        PdqHash base = PdqHash.ofWords(words[o], words[o + 1], words[o + 2], words[o + 3]);
        return PdqIndexTest.flipRandom(base, random.nextInt(41), random);
    }

    private static void warmUp(PdqIndex index, PdqHash[] queries) {
        long end = System.nanoTime() + 3_000_000_000L;
        for (int q = 0; System.nanoTime() < end; q = (q + 1) % queries.length) {
            index.search(queries[q], 31);
        }
    }

    /** {lookups per wall-clock second, lookups per CPU second of the searching threads}. */
    private static double[] rate(PdqIndex index, PdqHash[] queries, int threads, boolean dihedral) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        Future<?>[] done = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            done[t] = pool.submit(() -> {
                long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long q;
                while ((q = next.getAndIncrement()) < queries.length) {
                    if (dihedral) {
                        index.searchDihedral(variants(queries[(int) q]), 31);
                    } else {
                        index.search(queries[(int) q], 31);
                    }
                }
                cpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart);
                return null;
            });
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double wall = queries.length / ((System.nanoTime() - start) / 1e9);
        double perCpuSecond = queries.length / (cpuNanos.get() / 1e9);
        return new double[] {wall, perCpuSecond};
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
