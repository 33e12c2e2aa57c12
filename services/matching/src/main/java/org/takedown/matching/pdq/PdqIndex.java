package org.takedown.matching.pdq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exact Hamming-radius search over PDQ hashes by multi-index hashing (Norouzi, Punjani and Fleet,
 * "Fast Search in Hamming Space with Multi-Index Hashing", CVPR 2012).
 *
 * <p>The 256 bits are cut into {@code m} contiguous substrings and every hash is filed under each
 * of its substrings. Pigeonhole: write the radius as {@code r = a*m + b} with {@code 0 <= b < m};
 * if two hashes differ in at most {@code r} bits, then one of the first {@code b + 1} substrings
 * differs in at most {@code a} bits, or one of the others in at most {@code a - 1} bits (otherwise
 * the total would be at least {@code (b+1)(a+1) + (m-b-1)a = r + 1}). So probing the first
 * {@code b + 1} tables within {@code a} bits and the rest within {@code a - 1} bits of the query
 * reaches every true neighbour; each candidate is then checked on the full 256 bits. The search
 * is therefore exact - the same answer as a linear scan - and looks at a few thousand buckets
 * instead of every hash.
 *
 * <p>Each table is a bucket directory over the low {@code d} bits of its substring (compressed
 * sparse rows: an offsets array of {@code 2^d + 1} ints and one int posting per hash), with
 * {@code d} at most the substring length and about {@code log2(size)}. When {@code d} is shorter
 * than the substring, a bucket holds a superset of the exact-key bucket; the full-distance check
 * keeps the answer exact, and only the distinct buckets are probed. Memory is
 * {@code 32 + 4m} bytes per hash plus the directories (at 10 M hashes, m = 11: about 1.2 GB).
 *
 * <p>Immutable once built and safe for concurrent searches.
 */
public final class PdqIndex {

    /** PDQ's usual match threshold: at most 31 of 256 bits differ. */
    public static final int DEFAULT_RADIUS = 31;

    private static final int MIN_SUBSTRINGS = 8;
    private static final int MAX_SUBSTRINGS = 32;
    private static final int MAX_DIRECTORY_BITS = 26;

    private final long[] words;
    private final int size;
    private final int radius;
    private final int[] start;
    private final int[] dirBits;
    private final int[] probeRadius;
    private final int[][] offsets;
    private final int[][] postings;

    /** One hash within the searched distance: its ordinal in the index (the order it was added) and distance. */
    public record Hit(int ordinal, int distance) {
    }

    /** A hit of a dihedral search: the smallest distance over the query's variants, and which variant gave it. */
    public record DihedralHit(int ordinal, int distance, Dihedral variant) {
    }

    private PdqIndex(long[] words, int size, int radius, int substrings) {
        this.words = words;
        this.size = size;
        this.radius = radius;
        int m = substrings;
        start = new int[m];
        dirBits = new int[m];
        probeRadius = new int[m];
        offsets = new int[m][];
        postings = new int[m][];
        int a = radius / m;
        int b = radius % m;
        int base = PdqHash.BITS / m;
        int longer = PdqHash.BITS % m;
        int directoryCap = directoryBits(size);
        for (int t = 0, bit = 0; t < m; t++) {
            // The last substrings are one bit longer; they are the ones probed with the smaller radius.
            int length = base + (t >= m - longer ? 1 : 0);
            start[t] = bit;
            dirBits[t] = Math.min(length, directoryCap);
            probeRadius[t] = t <= b ? a : a - 1;
            bit += length;
        }
        for (int t = 0; t < m; t++) {
            buildTable(t);
        }
    }

    /**
     * Indexes the first {@code size} hashes of {@code words} (four longs per hash, least significant
     * first, as {@link PdqHash#word(int)}); ordinal {@code i} is {@code words[4i .. 4i+3]}. The
     * array is used as is, not copied: the caller must not change it afterwards.
     */
    public static PdqIndex build(long[] words, int size) {
        return build(words, size, DEFAULT_RADIUS);
    }

    /** As {@link #build(long[], int)} for searches up to {@code radius} bits. */
    public static PdqIndex build(long[] words, int size, int radius) {
        return build(words, size, radius, chooseSubstrings(size, radius));
    }

    /** With an explicit number of substrings (8..32); for tests and benchmarks. */
    static PdqIndex build(long[] words, int size, int radius, int substrings) {
        Objects.requireNonNull(words, "words");
        if (size < 0 || words.length < 4L * size) {
            throw new IllegalArgumentException("need 4 words per hash: " + words.length + " words for " + size + " hashes");
        }
        if (radius < 0 || radius >= PdqHash.BITS) {
            throw new IllegalArgumentException("radius must be 0..255, got " + radius);
        }
        if (substrings < MIN_SUBSTRINGS || substrings > MAX_SUBSTRINGS) {
            throw new IllegalArgumentException("substrings must be " + MIN_SUBSTRINGS + ".." + MAX_SUBSTRINGS);
        }
        return new PdqIndex(words, size, radius, substrings);
    }

    /** Packs hashes into the word layout {@link #build(long[], int)} takes. */
    public static long[] pack(List<PdqHash> hashes) {
        long[] words = new long[4 * hashes.size()];
        for (int i = 0; i < hashes.size(); i++) {
            for (int w = 0; w < 4; w++) {
                words[4 * i + w] = hashes.get(i).word(w);
            }
        }
        return words;
    }

    public int size() {
        return size;
    }

    public int radius() {
        return radius;
    }

    public int substrings() {
        return start.length;
    }

    public PdqHash hash(int ordinal) {
        Objects.checkIndex(ordinal, size);
        int o = 4 * ordinal;
        return PdqHash.ofWords(words[o], words[o + 1], words[o + 2], words[o + 3]);
    }

    /** Every indexed hash within {@code maxDistance} bits of {@code query}, nearest first (ties by ordinal). */
    public List<Hit> search(PdqHash query, int maxDistance) {
        if (maxDistance < 0 || maxDistance > radius) {
            throw new IllegalArgumentException("maxDistance must be 0.." + radius + " for this index, got " + maxDistance);
        }
        long q0 = query.word(0);
        long q1 = query.word(1);
        long q2 = query.word(2);
        long q3 = query.word(3);
        // Three passes instead of one loop per bucket: gather bucket numbers, then read every
        // bucket's range, then check every candidate. Each pass is a tight loop of independent
        // loads, so the CPU overlaps the cache misses instead of waiting for each chain
        // directory -> posting -> hash in turn (measured 4x faster at a million hashes).
        IntList candidates = new IntList(1024);
        IntList buckets = new IntList(512);
        for (int t = 0; t < start.length; t++) {
            if (probeRadius[t] < 0) {
                continue;
            }
            buckets.clear();
            enumerate(substring(q0, q1, q2, q3, start[t], dirBits[t]), 0, dirBits[t], probeRadius[t], buckets);
            int[] off = offsets[t];
            int[] post = postings[t];
            int[] b = buckets.values;
            for (int i = 0, n = buckets.size; i < n; i++) {
                int from = off[b[i]];
                int to = off[b[i] + 1];
                for (int j = from; j < to; j++) {
                    candidates.add(post[j]);
                }
            }
        }
        Collector found = new Collector();
        int[] c = candidates.values;
        long[] w = words;
        for (int i = 0, n = candidates.size; i < n; i++) {
            int o = 4 * c[i];
            int d = Long.bitCount(w[o] ^ q0) + Long.bitCount(w[o + 1] ^ q1)
                    + Long.bitCount(w[o + 2] ^ q2) + Long.bitCount(w[o + 3] ^ q3);
            if (d <= maxDistance) {
                found.add(c[i], d);
            }
        }
        return found.hits();
    }

    /** Adds {@code bucket} and every bucket that differs from it in up to {@code flips} bits at or above {@code from}. */
    private static void enumerate(int bucket, int from, int bits, int flips, IntList out) {
        out.add(bucket);
        if (flips == 0) {
            return;
        }
        for (int i = from; i < bits; i++) {
            enumerate(bucket ^ (1 << i), i + 1, bits, flips - 1, out);
        }
    }

    /**
     * Every indexed hash within {@code maxDistance} bits of any of the query's variants (typically
     * the eight of {@link PdqResult#variants()}), each once with its smallest distance.
     */
    public List<DihedralHit> searchDihedral(Map<Dihedral, PdqHash> variants, int maxDistance) {
        Map<Integer, DihedralHit> best = new HashMap<>();
        for (Map.Entry<Dihedral, PdqHash> variant : variants.entrySet()) {
            for (Hit hit : search(variant.getValue(), maxDistance)) {
                DihedralHit known = best.get(hit.ordinal());
                if (known == null || hit.distance() < known.distance()
                        || (hit.distance() == known.distance() && variant.getKey().compareTo(known.variant()) < 0)) {
                    best.put(hit.ordinal(), new DihedralHit(hit.ordinal(), hit.distance(), variant.getKey()));
                }
            }
        }
        List<DihedralHit> hits = new ArrayList<>(best.values());
        hits.sort(Comparator.comparingInt(DihedralHit::distance).thenComparingInt(DihedralHit::ordinal));
        return hits;
    }

    /** Counting sort of all ordinals by their bucket in table {@code t}. */
    private void buildTable(int t) {
        int buckets = 1 << dirBits[t];
        int[] off = new int[buckets + 1];
        int[] keys = new int[size];
        for (int i = 0; i < size; i++) {
            int o = 4 * i;
            keys[i] = substring(words[o], words[o + 1], words[o + 2], words[o + 3], start[t], dirBits[t]);
            off[keys[i]]++;
        }
        for (int k = 1; k <= buckets; k++) {
            off[k] += off[k - 1];
        }
        // off[k] is now the end of bucket k; filling backwards leaves it at the bucket's start,
        // with ordinals ascending inside each bucket.
        int[] post = new int[size];
        for (int i = size - 1; i >= 0; i--) {
            post[--off[keys[i]]] = i;
        }
        offsets[t] = off;
        postings[t] = post;
    }

    /** Bits {@code from .. from + length - 1} of the hash (bit 0 = least significant bit of word 0). */
    static int substring(long w0, long w1, long w2, long w3, int from, int length) {
        int word = from >>> 6;
        int shift = from & 63;
        long value = word(w0, w1, w2, w3, word) >>> shift;
        if (shift + length > 64) {
            value |= word(w0, w1, w2, w3, word + 1) << (64 - shift);
        }
        return (int) (value & ((1L << length) - 1));
    }

    private static long word(long w0, long w1, long w2, long w3, int i) {
        return switch (i) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            default -> w3;
        };
    }

    /** Directory bits for a table of {@code size} hashes: about one hash per bucket, within bounds. */
    static int directoryBits(int size) {
        int log2 = 32 - Integer.numberOfLeadingZeros(Math.max(size - 1, 1));
        return Math.max(8, Math.min(MAX_DIRECTORY_BITS, log2));
    }

    /**
     * The number of substrings with the least expected work per query on random hashes: bucket
     * probes (one directory read each) plus candidates (one posting and one hash read each).
     */
    static int chooseSubstrings(int size, int radius) {
        int cap = directoryBits(size);
        int bestM = MIN_SUBSTRINGS;
        double bestCost = Double.MAX_VALUE;
        for (int m = MIN_SUBSTRINGS; m <= MAX_SUBSTRINGS; m++) {
            int a = radius / m;
            int b = radius % m;
            int base = PdqHash.BITS / m;
            int longer = PdqHash.BITS % m;
            double cost = 0;
            for (int t = 0; t < m; t++) {
                int r = t <= b ? a : a - 1;
                if (r < 0) {
                    continue;
                }
                int bits = Math.min(base + (t >= m - longer ? 1 : 0), cap);
                double probes = ballSize(bits, r);
                cost += probes * (1 + 2.0 * size / (1L << bits));
            }
            if (cost < bestCost) {
                bestCost = cost;
                bestM = m;
            }
        }
        return bestM;
    }

    /** Number of {@code bits}-bit strings within Hamming distance {@code r} of a given one. */
    static double ballSize(int bits, int r) {
        double total = 0;
        double choose = 1;
        for (int k = 0; k <= Math.min(r, bits); k++) {
            total += choose;
            choose = choose * (bits - k) / (k + 1);
        }
        return total;
    }

    /** A growable int array. */
    private static final class IntList {
        int[] values;
        int size;

        IntList(int capacity) {
            values = new int[capacity];
        }

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void clear() {
            size = 0;
        }
    }

    /** Matches found so far; an ordinal reached through several tables is kept once. */
    private static final class Collector {
        private int[] ordinals = new int[16];
        private int[] distances = new int[16];
        private int count;

        void add(int ordinal, int distance) {
            if (count == ordinals.length) {
                ordinals = Arrays.copyOf(ordinals, count * 2);
                distances = Arrays.copyOf(distances, count * 2);
            }
            ordinals[count] = ordinal;
            distances[count] = distance;
            count++;
        }

        List<Hit> hits() {
            long[] packed = new long[count];
            for (int i = 0; i < count; i++) {
                packed[i] = (long) distances[i] << 32 | ordinals[i];
            }
            Arrays.sort(packed);
            List<Hit> hits = new ArrayList<>(count);
            long previous = -1;
            for (long p : packed) {
                if (p != previous) {
                    hits.add(new Hit((int) p, (int) (p >>> 32)));
                    previous = p;
                }
            }
            return hits;
        }
    }
}
