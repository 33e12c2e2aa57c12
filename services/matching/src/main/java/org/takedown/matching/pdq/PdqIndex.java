package org.takedown.matching.pdq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;

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
 * <p>Each table is a directory over the low {@code d} bits of its substring, with {@code d} at
 * most the substring length and {@code floor(log2(size))}, so a bucket holds one or two hashes. Every
 * bucket has two int slots right in the directory: empty ({@code -1}), an ordinal, or, in the
 * second slot of a bucket with three or more hashes, a pointer into the table's overflow array
 * (count, then the rest). Reading a bucket is therefore one memory access, not a directory entry
 * followed by a posting list elsewhere. When {@code d} is shorter than the substring, a bucket
 * holds a superset of the exact-key bucket; the full-distance check keeps the answer exact.
 * Memory is 32 bytes per hash plus {@code 8 * 2^d} bytes per table and its overflow (at 10 M
 * hashes, m = 11, d = 23: 1.22 GB measured).
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
    /** Per table: two slots per bucket (see the class comment). */
    private final int[][] slots;
    /** Per table: for buckets with three or more hashes, {@code count - 1} followed by those ordinals. */
    private final int[][] overflow;
    /** Per table, every XOR mask of at most {@code probeRadius[t]} bits over its directory bits. */
    private final int[][] probeMasks;
    private final int totalProbes;
    /** Reusable per-thread work arrays, so that a search allocates only its answer. */
    private final ThreadLocal<Scratch> scratch;

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
        slots = new int[m][];
        overflow = new int[m][];
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
        probeMasks = new int[m][];
        int probes = 0;
        // One counts array for all tables: big arrays freed between tables would leave holes
        // that the next table's directory might not fit in (G1 never moves humongous arrays).
        int[] counts = new int[1 << Arrays.stream(dirBits).max().orElse(0)];
        for (int t = 0; t < m; t++) {
            buildTable(t, counts);
            probeMasks[t] = masks(dirBits[t], probeRadius[t]);
            probes += probeMasks[t].length;
        }
        totalProbes = probes;
        scratch = ThreadLocal.withInitial(() -> new Scratch(totalProbes));
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
        Scratch s = scratch.get();
        // Two passes that never branch on a value just loaded from the big arrays: (1) read every
        // probed bucket's two slots and append the ordinals among them (branch-free), (2) check
        // each candidate on all 256 bits. The loads of a pass are independent, so the CPU keeps
        // many cache misses in flight; a loop whose length came from a just-loaded value would
        // mispredict on most buckets (their sizes are Poisson around 1) and discard the loads
        // already issued. At 10 M hashes the cost is random memory reads (and, with 4 KB pages,
        // TLB misses): about 2,800 buckets and 3,300 candidate hashes per query.
        int[] candidates = s.candidates;
        int[] spill = s.spill;
        int count = 0;
        int spilled = 0;
        // Pass 0 touches every probed bucket with nothing but a load and an OR, so the CPU can keep as
        // many cache misses in flight as it has miss buffers; pass 1 below then reads the buckets from
        // cache. Pass 1 alone stalls sooner: its stores (of values still being loaded) fill the store
        // buffer after a dozen buckets. Measured at 10 M hashes: x1.7 lookups per CPU second, x1.9 with the
        // same for the candidates below.
        int touched = 0;
        for (int t = 0; t < probeMasks.length; t++) {
            int key = substring(q0, q1, q2, q3, start[t], dirBits[t]);
            int[] sl = slots[t];
            for (int mask : probeMasks[t]) {
                touched |= sl[(key ^ mask) << 1];
            }
        }
        s.touched = touched; // kept, so that the JIT cannot drop the loads
        for (int t = 0; t < probeMasks.length; t++) {
            int key = substring(q0, q1, q2, q3, start[t], dirBits[t]);
            int[] sl = slots[t];
            for (int mask : probeMasks[t]) {
                int b = (key ^ mask) << 1;
                int v0 = sl[b];
                int v1 = sl[b + 1];
                candidates[count] = v0;
                count += ~v0 >>> 31;
                candidates[count] = v1;
                count += ~v1 >>> 31;
                spill[spilled] = t;
                spill[spilled + 1] = v1;
                spilled += (v1 + 1) >>> 31 << 1;
            }
        }
        if (spilled > 0) {
            s.count = count;
            for (int i = 0; i < spilled; i += 2) {
                int[] ov = overflow[spill[i]];
                int p = ~spill[i + 1];
                s.addAll(ov, p + 1, ov[p]);
            }
            candidates = s.candidates;
            count = s.count;
        }
        Collector found = new Collector();
        long[] w = words;
        // The same for the candidates' hashes: touch them all first, then check them from cache.
        long touchedWords = 0;
        for (int i = 0; i < count; i++) {
            touchedWords |= w[candidates[i] << 2];
        }
        s.touchedWords = touchedWords;
        for (int i = 0; i < count; i++) {
            int c = candidates[i];
            int o = c << 2;
            // Almost every candidate is already out of range on the first two words; the other
            // two (possibly on the next cache line) are read only for the few that are not.
            int d = Long.bitCount(w[o] ^ q0) + Long.bitCount(w[o + 1] ^ q1);
            if (d <= maxDistance) {
                d += Long.bitCount(w[o + 2] ^ q2) + Long.bitCount(w[o + 3] ^ q3);
                if (d <= maxDistance) {
                    found.add(c, d);
                }
            }
        }
        return found.hits();
    }

    /** Every {@code bits}-bit mask with at most {@code flips} bits set (none if {@code flips < 0}), in ascending order. */
    static int[] masks(int bits, int flips) {
        if (flips < 0) {
            return new int[0];
        }
        int[] out = new int[(int) ballSize(bits, flips)];
        int n = collectMasks(0, 0, bits, flips, out, 0);
        Arrays.sort(out, 0, n);
        return out;
    }

    private static int collectMasks(int mask, int from, int bits, int flips, int[] out, int n) {
        out[n++] = mask;
        if (flips > 0) {
            for (int i = from; i < bits; i++) {
                n = collectMasks(mask | (1 << i), i + 1, bits, flips - 1, out, n);
            }
        }
        return n;
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

    /**
     * Files every ordinal under its bucket in table {@code t}, in ascending order within a bucket.
     * Two passes over the hashes (count, then place) and no temporary arrays beyond the shared
     * counts, to keep the peak heap of a build close to the finished index.
     */
    private void buildTable(int t, int[] counts) {
        int buckets = 1 << dirBits[t];
        Arrays.fill(counts, 0);
        for (int i = 0; i < size; i++) {
            counts[key(i, t)]++;
        }
        long overflowLength = 1; // index 0 unused, so that ~pointer is never -1 (an empty slot)
        for (int k = 0; k < buckets; k++) {
            if (counts[k] > 2) {
                overflowLength += counts[k];
            }
        }
        if (overflowLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many hashes share buckets for one index: " + size);
        }
        int[] sl = new int[2 * buckets];
        Arrays.fill(sl, -1);
        int[] ov = new int[(int) overflowLength];
        // A bucket of three or more keeps its first ordinal in the directory and the rest in the
        // overflow array: ov[p] counts them while filling and ends as their number.
        for (int k = 0, p = 1; k < buckets; k++) {
            if (counts[k] > 2) {
                sl[2 * k + 1] = ~p;
                p += counts[k];
            }
        }
        for (int i = 0; i < size; i++) {
            int b = key(i, t) << 1;
            if (sl[b] == -1) {
                sl[b] = i;
            } else if (sl[b + 1] == -1) {
                sl[b + 1] = i;
            } else {
                int p = ~sl[b + 1];
                ov[p + 1 + ov[p]++] = i;
            }
        }
        slots[t] = sl;
        overflow[t] = ov;
    }

    private int key(int ordinal, int t) {
        int o = 4 * ordinal;
        return substring(words[o], words[o + 1], words[o + 2], words[o + 3], start[t], dirBits[t]);
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

    /**
     * Directory bits for a table of {@code size} hashes: floor(log2(size)), so one to two hashes
     * per bucket, which mostly fit the bucket's two slots; within bounds.
     */
    static int directoryBits(int size) {
        int log2 = 31 - Integer.numberOfLeadingZeros(Math.max(size, 1));
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

    /** One thread's work arrays: candidate ordinals, and (table, pointer) pairs of overflowing buckets. */
    private static final class Scratch {
        /** The result of the touch pass, written only so that its loads are not optimised away. */
        int touched;
        long touchedWords;
        int[] candidates;
        final int[] spill;
        int count;

        Scratch(int probes) {
            candidates = new int[2 * probes];
            spill = new int[2 * probes];
        }

        /** Appends {@code n} ordinals from {@code source[from..]} after the first {@link #count} candidates. */
        void addAll(int[] source, int from, int n) {
            if ((long) count + n > candidates.length) {
                long grown = Math.max((long) count + n, 2L * candidates.length);
                if (grown > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("too many candidates for one search");
                }
                candidates = Arrays.copyOf(candidates, (int) grown);
            }
            System.arraycopy(source, from, candidates, count, n);
            count += n;
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
