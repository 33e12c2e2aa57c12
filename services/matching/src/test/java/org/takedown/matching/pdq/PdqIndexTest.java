package org.takedown.matching.pdq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PdqIndexTest {

    private static final int BACKGROUND = 20_000;
    private static final int QUERIES = 25;

    /**
     * Random background hashes plus, per query, planted copies at every distance 0..32: once with
     * the flipped bits at random, once spread evenly over the 256 bits (the worst case for the
     * pigeonhole argument, as every substring then differs a little).
     */
    private record Fixture(long[] words, int size, List<PdqHash> queries) {
    }

    private static Fixture fixture(long seed) {
        Random random = new Random(seed);
        List<PdqHash> hashes = new ArrayList<>();
        for (int i = 0; i < BACKGROUND; i++) {
            hashes.add(randomHash(random));
        }
        List<PdqHash> queries = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            PdqHash query = randomHash(random);
            queries.add(query);
            for (int d = 0; d <= 32; d++) {
                hashes.add(flipRandom(query, d, random));
                hashes.add(flipSpread(query, d, random.nextInt(256)));
            }
        }
        java.util.Collections.shuffle(hashes, random);
        return new Fixture(PdqIndex.pack(hashes), hashes.size(), queries);
    }

    @ParameterizedTest(name = "{0} substrings")
    @ValueSource(ints = {8, 11, 12, 16, 20, 31, 32})
    void equalsBruteForceAtRadius31(int substrings) {
        Fixture f = fixture(substrings);
        PdqIndex index = PdqIndex.build(f.words(), f.size(), 31, substrings);

        for (PdqHash query : f.queries()) {
            List<PdqIndex.Hit> expected = BruteForce.search(f.words(), f.size(), query, 31);
            assertEquals(expected, index.search(query, 31), "query " + query);
            // Every planted copy at 0..31 (two per distance) and none at 32.
            Set<Integer> distances = expected.stream().map(PdqIndex.Hit::distance).collect(Collectors.toSet());
            assertTrue(distances.containsAll(java.util.stream.IntStream.rangeClosed(0, 31).boxed().toList()));
            assertTrue(expected.stream().noneMatch(h -> h.distance() > 31));
        }
    }

    @Test
    void defaultIndexFindsExactlyThePlantedNeighboursAndNotThoseAt32() {
        Fixture f = fixture(99);
        PdqIndex index = PdqIndex.build(f.words(), f.size());

        for (PdqHash query : f.queries()) {
            List<PdqIndex.Hit> hits = index.search(query, 31);
            assertEquals(BruteForce.search(f.words(), f.size(), query, 31), hits);
            for (PdqIndex.Hit hit : hits) {
                assertEquals(hit.distance(), index.hash(hit.ordinal()).hamming(query));
            }
            long planted = hits.stream().filter(h -> h.distance() <= 31).count();
            assertTrue(planted >= 64, "two planted copies per distance 0..31, found " + planted);
        }
    }

    @Test
    void smallerSearchRadiusEqualsBruteForce() {
        Fixture f = fixture(5);
        PdqIndex index = PdqIndex.build(f.words(), f.size());

        for (PdqHash query : f.queries()) {
            for (int r : new int[] {0, 1, 10, 30}) {
                assertEquals(BruteForce.search(f.words(), f.size(), query, r), index.search(query, r));
            }
        }
    }

    @Test
    void indexBuiltForASmallerRadiusSkipsTablesAndStaysExact() {
        Fixture f = fixture(6);
        // r = 10 with 32 substrings: only the first 11 tables are probed, each at distance 0.
        PdqIndex index = PdqIndex.build(f.words(), f.size(), 10, 32);

        for (PdqHash query : f.queries()) {
            assertEquals(BruteForce.search(f.words(), f.size(), query, 10), index.search(query, 10));
        }
    }

    @Test
    void searchBeyondTheBuiltRadiusIsRefused() {
        PdqIndex index = PdqIndex.build(new long[4], 1, 20);
        assertThrows(IllegalArgumentException.class, () -> index.search(PdqHash.zero(), 21));
    }

    @Test
    void dihedralSearchFindsARotatedCopyWithItsVariant() {
        PdqResult original = PdqImages.hash(PdqBench.syntheticPhoto(300, 200, 11));
        PdqHash rotated = original.variant(Dihedral.ROTATE_90);
        Random random = new Random(3);
        List<PdqHash> hashes = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            hashes.add(randomHash(random));
        }
        hashes.add(flipRandom(rotated, 7, random));
        long[] words = PdqIndex.pack(hashes);
        PdqIndex index = PdqIndex.build(words, hashes.size());

        List<PdqIndex.DihedralHit> hits = index.searchDihedral(original.variants(), 31);

        assertEquals(List.of(new PdqIndex.DihedralHit(5000, 7, Dihedral.ROTATE_90)), hits);
        assertTrue(index.search(original.hash(), 31).isEmpty(), "the unrotated query alone must miss it");
    }

    @Test
    void dihedralSearchEqualsBruteForceOverAllVariants() {
        Fixture f = fixture(8);
        PdqIndex index = PdqIndex.build(f.words(), f.size());
        Random random = new Random(8);

        for (PdqHash query : f.queries()) {
            Map<Dihedral, PdqHash> variants = new java.util.EnumMap<>(Dihedral.class);
            variants.put(Dihedral.ORIGINAL, query);
            variants.put(Dihedral.FLIP_X, randomHash(random));
            Map<Integer, Integer> expected = new java.util.TreeMap<>();
            for (PdqHash v : variants.values()) {
                for (PdqIndex.Hit h : BruteForce.search(f.words(), f.size(), v, 31)) {
                    expected.merge(h.ordinal(), h.distance(), Math::min);
                }
            }
            Map<Integer, Integer> actual = new java.util.TreeMap<>();
            index.searchDihedral(variants, 31).forEach(h -> actual.put(h.ordinal(), h.distance()));
            assertEquals(expected, actual);
        }
    }

    @Test
    void emptyIndexFindsNothing() {
        assertTrue(PdqIndex.build(new long[0], 0).search(PdqHash.zero(), 31).isEmpty());
    }

    @Test
    void substringReadsAcrossWordBoundaries() {
        // bits 60..67: low 4 bits from word 0's top nibble, high 4 from word 1's bottom nibble.
        assertEquals(0x5A, PdqIndex.substring(0xA000_0000_0000_0000L, 0x5L, 0, 0, 60, 8));
    }

    static PdqHash randomHash(Random random) {
        return PdqHash.ofWords(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    static PdqHash flipRandom(PdqHash hash, int bits, Random random) {
        Set<Integer> positions = new java.util.HashSet<>();
        while (positions.size() < bits) {
            positions.add(random.nextInt(256));
        }
        return flip(hash, positions);
    }

    /** Flips {@code bits} bits at equal spacing from {@code offset}, so they land in as many substrings as possible. */
    static PdqHash flipSpread(PdqHash hash, int bits, int offset) {
        Set<Integer> positions = new java.util.HashSet<>();
        for (int i = 0; i < bits; i++) {
            positions.add((offset + i * 256 / Math.max(bits, 1)) % 256);
        }
        return flip(hash, positions);
    }

    private static PdqHash flip(PdqHash hash, Set<Integer> positions) {
        long[] w = {hash.word(0), hash.word(1), hash.word(2), hash.word(3)};
        for (int p : positions) {
            w[p >>> 6] ^= 1L << (p & 63);
        }
        return PdqHash.ofWords(w[0], w[1], w[2], w[3]);
    }
}
