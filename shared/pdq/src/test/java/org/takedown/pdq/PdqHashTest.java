package org.takedown.pdq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PdqHashTest {

    private static final String BRIDGE = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String BRIDGE_ROT90 = "30a10efd71cc3d429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af";

    private static boolean[] bits(int... set) {
        boolean[] b = new boolean[256];
        for (int k : set) {
            b[k] = true;
        }
        return b;
    }

    @Test
    void hexRoundTripsAndIsLowerCase() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            PdqHash h = PdqHash.ofWords(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
            String hex = h.toHex();
            assertEquals(64, hex.length());
            assertEquals(hex.toLowerCase(), hex);
            assertEquals(h, PdqHash.parse(hex));
            assertEquals(h, PdqHash.parse(hex.toUpperCase()));
        }
        assertEquals(BRIDGE, PdqHash.parse(BRIDGE).toHex());
        assertEquals(BRIDGE, PdqHash.parse("  " + BRIDGE.toUpperCase() + "\n").toString());
    }

    @Test
    void leadingZeroWordsArePadded() {
        assertEquals("0".repeat(64), PdqHash.zero().toHex());
        assertEquals("0".repeat(63) + "1", PdqHash.ofWords(1, 0, 0, 0).toHex());
    }

    /**
     * Bit k is coefficient (k / 16, k % 16) and the reference prints 16-bit words from the highest:
     * bit 0 is the last hex digit's low bit, bit 255 the first digit's high bit.
     */
    @Test
    void bitLayoutMatchesReference() {
        assertEquals("0".repeat(63) + "1", PdqHash.fromBits(bits(0)).toHex());
        assertEquals("8" + "0".repeat(63), PdqHash.fromBits(bits(255)).toHex());
        assertEquals("0".repeat(59) + "10000", PdqHash.fromBits(bits(16)).toHex());
        assertEquals("0".repeat(48) + "8000" + "0".repeat(12), PdqHash.fromBits(bits(63)).toHex());
        PdqHash h = PdqHash.parse(BRIDGE);
        // Last digit 2 = 0b0010: bit 1 set, bits 0, 2, 3 clear; first digit f: bits 252..255 set.
        assertFalse(h.bit(0));
        assertTrue(h.bit(1));
        assertTrue(h.bit(255));
        assertTrue(h.bit(252));
    }

    /**
     * The reference's int64 form (pdq/sql/README.md, {@code pdq-photo-hasher --int64}) of the
     * bridge photo: most significant 64 bits first, as signed longs.
     */
    @Test
    void int64FormMatchesReference() {
        long[] expected = {-506390186751121329L, 447837829151548400L, -5517420998596354531L, 3739874024492931874L};
        PdqHash h = PdqHash.parse(BRIDGE);
        assertArrayEquals(expected, h.toInt64Array());
        assertEquals(h, PdqHash.ofWords(expected[3], expected[2], expected[1], expected[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b2",
        "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b220",
        "g8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22",
        "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b-2"})
    void rejectsMalformedHex(String text) {
        assertThrows(IllegalArgumentException.class, () -> PdqHash.parse(text));
    }

    @Test
    void hammingDistance() {
        PdqHash a = PdqHash.parse(BRIDGE);
        assertEquals(0, a.hamming(a));
        PdqHash all = PdqHash.ofWords(-1, -1, -1, -1);
        assertEquals(256, all.bitCount());
        assertEquals(256, PdqHash.zero().hamming(all));
        assertEquals(a.bitCount(), a.hamming(PdqHash.zero()));
        assertEquals(256 - a.bitCount(), a.hamming(all));
        // The reference Java test asserts this distance between the two bridge hashes.
        PdqHash b = PdqHash.parse(BRIDGE_ROT90);
        assertEquals(120, a.hamming(b));
        assertEquals(a.hamming(b), b.hamming(a));
        assertEquals(a.hamming(b), a.xor(b).bitCount());
    }

    @Test
    void singleBitFlipsAreDistanceOne() {
        PdqHash a = PdqHash.parse(BRIDGE);
        for (int k = 0; k < 256; k++) {
            PdqHash flipped = a.xor(PdqHash.fromBits(bits(k)));
            assertEquals(1, a.hamming(flipped), "bit " + k);
            assertNotEquals(a, flipped);
            assertEquals(!a.bit(k), flipped.bit(k));
        }
    }

    @Test
    void equalityHashCodeAndOrderFollowTheHexString() {
        PdqHash a = PdqHash.parse(BRIDGE);
        PdqHash b = PdqHash.parse(BRIDGE_ROT90);
        assertEquals(a, PdqHash.parse(BRIDGE.toUpperCase()));
        assertEquals(a.hashCode(), PdqHash.parse(BRIDGE).hashCode());
        assertNotEquals(a, b);
        assertEquals(Integer.signum(a.toHex().compareTo(b.toHex())), Integer.signum(a.compareTo(b)));
        assertTrue(PdqHash.zero().compareTo(PdqHash.ofWords(0, 0, 0, Long.MIN_VALUE)) < 0);
        assertEquals(0, a.compareTo(PdqHash.parse(BRIDGE)));
    }
}
