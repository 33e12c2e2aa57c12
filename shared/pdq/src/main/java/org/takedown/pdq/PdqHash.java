package org.takedown.pdq;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable 256-bit PDQ hash.
 *
 * <p>Bit numbering follows the reference implementation: bit {@code k = row * 16 + col} is the
 * thresholded DCT coefficient at (row, col) of the 16x16 block. The canonical text form is 64
 * lower-case hex digits of the hash read as one big-endian 256-bit number, so bit 0 is the least
 * significant bit of the <em>last</em> hex digit. That is the layout the reference prints (16-bit
 * words, most significant word first) and the form that published hash lists use, so hex strings
 * from other PDQ tools can be compared directly.
 *
 * <p>Internally the bits live in four longs, {@code words[0]} holding bits 0..63; Hamming distance
 * is then four XOR + {@link Long#bitCount} operations, which the JIT turns into POPCNT.
 */
public final class PdqHash implements Comparable<PdqHash> {

    /** Number of bits in a PDQ hash. */
    public static final int BITS = 256;

    /** PDQ's usual match threshold: two images whose hashes differ in at most this many bits are the same picture. */
    public static final int MATCH_DISTANCE = 31;

    /** Number of hex digits in the text form. */
    public static final int HEX_LENGTH = BITS / 4;

    private static final PdqHash ZERO = new PdqHash(new long[4]);

    private final long[] words; // words[0] = bits 0..63 (least significant)

    private PdqHash(long[] words) {
        this.words = words;
    }

    /** The all-zero hash, which the reference emits for images too small to hash. */
    public static PdqHash zero() {
        return ZERO;
    }

    /**
     * Builds a hash from four 64-bit words, least significant first ({@code w0} holds bits 0..63).
     */
    public static PdqHash ofWords(long w0, long w1, long w2, long w3) {
        return new PdqHash(new long[] {w0, w1, w2, w3});
    }

    /** Builds a hash from a bit predicate over bit indices 0..255. */
    static PdqHash fromBits(boolean[] bits) {
        if (bits.length != BITS) {
            throw new IllegalArgumentException("expected 256 bits, got " + bits.length);
        }
        long[] w = new long[4];
        for (int k = 0; k < BITS; k++) {
            if (bits[k]) {
                w[k >>> 6] |= 1L << (k & 63);
            }
        }
        return new PdqHash(w);
    }

    /** Whether {@code hex} is a hash's text form (64 ASCII hex digits, surrounding whitespace ignored). */
    public static boolean isHex(String hex) {
        if (hex == null) {
            return false;
        }
        String s = hex.strip();
        if (s.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (hexDigit(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses the 64-hex-digit form (case-insensitive, surrounding whitespace ignored).
     *
     * @throws IllegalArgumentException if the text is not exactly 64 hex digits
     */
    public static PdqHash parse(String hex) {
        Objects.requireNonNull(hex, "hex");
        String s = hex.strip();
        if (s.length() != HEX_LENGTH) {
            throw new IllegalArgumentException(
                    "PDQ hash must be " + HEX_LENGTH + " hex digits, got " + s.length() + ": '" + hex + "'");
        }
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) {
            // The first 16 digits are the most significant word.
            int from = (3 - i) * 16;
            long v = 0;
            for (int c = from; c < from + 16; c++) {
                int d = hexDigit(s.charAt(c));
                if (d < 0) {
                    throw new IllegalArgumentException("not a hex digit at " + c + ": '" + hex + "'");
                }
                v = (v << 4) | d;
            }
            w[i] = v;
        }
        return new PdqHash(w);
    }

    /** 0..15 for an ASCII hex digit, else -1 ({@link Character#digit} would also take other scripts' digits). */
    private static int hexDigit(char ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return -1;
    }

    /** The 64 lower-case hex digit form, identical to the reference's output. */
    public String toHex() {
        StringBuilder sb = new StringBuilder(HEX_LENGTH);
        for (int i = 3; i >= 0; i--) {
            String part = Long.toHexString(words[i]);
            sb.append("0".repeat(16 - part.length())).append(part);
        }
        return sb.toString();
    }

    /** Word {@code i} (0..3) of the hash, 0 being the least significant 64 bits. */
    public long word(int i) {
        return words[i];
    }

    /**
     * The four signed 64-bit values in the order the reference's {@code --int64} output and its SQL
     * examples use: most significant word first.
     */
    public long[] toInt64Array() {
        return new long[] {words[3], words[2], words[1], words[0]};
    }

    /** Whether bit {@code k} (0..255) is set. */
    public boolean bit(int k) {
        Objects.checkIndex(k, BITS);
        return (words[k >>> 6] & (1L << (k & 63))) != 0;
    }

    /** Number of set bits. */
    public int bitCount() {
        return Long.bitCount(words[0]) + Long.bitCount(words[1])
                + Long.bitCount(words[2]) + Long.bitCount(words[3]);
    }

    /** Hamming distance: the number of bit positions in which the two hashes differ. */
    public int hamming(PdqHash other) {
        long[] o = other.words;
        return Long.bitCount(words[0] ^ o[0]) + Long.bitCount(words[1] ^ o[1])
                + Long.bitCount(words[2] ^ o[2]) + Long.bitCount(words[3] ^ o[3]);
    }

    /** Bitwise XOR, handy for showing where two hashes disagree. */
    public PdqHash xor(PdqHash other) {
        long[] o = other.words;
        return new PdqHash(new long[] {
            words[0] ^ o[0], words[1] ^ o[1], words[2] ^ o[2], words[3] ^ o[3]});
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof PdqHash h && Arrays.equals(words, h.words));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    /** Orders as the unsigned 256-bit numbers, i.e. the same order as the hex strings. */
    @Override
    public int compareTo(PdqHash o) {
        for (int i = 3; i >= 0; i--) {
            int c = Long.compareUnsigned(words[i], o.words[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return toHex();
    }
}
