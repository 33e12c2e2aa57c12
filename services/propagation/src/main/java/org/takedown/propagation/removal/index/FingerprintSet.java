package org.takedown.propagation.removal.index;

/**
 * A set of 64-bit fingerprints in one {@code long[]}: open addressing, linear probing, at most 3/4 full,
 * deletion by backward shifting (no tombstones). 8 bytes a slot: 100 M fingerprints take 2^27 slots = 1 GiB.
 * A slot is found by Fibonacci hashing of the fingerprint. The slot value 0 means empty, so the fingerprint 0 is
 * kept as 1 (one more colliding pair among 2^64).
 * Not thread-safe: {@link RemovalIndex} guards it.
 */
final class FingerprintSet {

    private static final int MIN_CAPACITY = 1 << 10;
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] slots;
    private int mask;
    private int shift;
    private int size;

    FingerprintSet(long expected) {
        slots = new long[capacityFor(expected)];
        mask = slots.length - 1;
        shift = 64 - Integer.numberOfTrailingZeros(slots.length);
    }

    static int capacityFor(long expected) {
        long needed = Math.max(MIN_CAPACITY, expected + expected / 3 + 1);
        if (needed > MAX_CAPACITY) {
            throw new IllegalArgumentException("too many fingerprints for one set: " + expected);
        }
        return Integer.highestOneBit((int) needed - 1) << 1;
    }

    int size() {
        return size;
    }

    int capacity() {
        return slots.length;
    }

    boolean contains(long fingerprint) {
        long key = key(fingerprint);
        long[] s = slots;
        int m = mask;
        int i = home(key, shift);
        while (true) {
            long at = s[i];
            if (at == key) {
                return true;
            }
            if (at == 0) {
                return false;
            }
            i = (i + 1) & m;
        }
    }

    boolean add(long fingerprint) {
        if ((size + 1) > (slots.length >> 2) * 3) {
            grow();
        }
        long key = key(fingerprint);
        int i = home(key, shift);
        while (true) {
            long at = slots[i];
            if (at == key) {
                return false;
            }
            if (at == 0) {
                slots[i] = key;
                size++;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    boolean remove(long fingerprint) {
        long key = key(fingerprint);
        int i = home(key, shift);
        while (true) {
            long at = slots[i];
            if (at == 0) {
                return false;
            }
            if (at == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        slots[i] = 0;
        size--;
        // Backward shift: pull later entries of the probe run into the hole when their home allows it.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long at = slots[j];
            if (at == 0) {
                return true;
            }
            int h = home(at, shift);
            if (((j - h) & mask) >= ((j - hole) & mask)) {
                slots[hole] = at;
                slots[j] = 0;
                hole = j;
            }
        }
    }

    /** Makes room for {@code expected} fingerprints at once (one rehash instead of doubling step by step). */
    void reserve(long expected) {
        int capacity = capacityFor(expected);
        if (capacity > slots.length) {
            rehash(capacity);
        }
    }

    private void grow() {
        if (slots.length >= MAX_CAPACITY) {
            throw new IllegalStateException("the fingerprint set is full");
        }
        rehash(slots.length << 1);
    }

    private void rehash(int capacity) {
        long[] old = slots;
        slots = new long[capacity];
        mask = slots.length - 1;
        shift = 64 - Integer.numberOfTrailingZeros(slots.length);
        for (long key : old) {
            if (key != 0) {
                int i = home(key, shift);
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = key;
            }
        }
    }

    private static long key(long fingerprint) {
        return fingerprint == 0 ? 1 : fingerprint;
    }

    /** Fibonacci hashing: the top bits of key × 2^64/φ, so that even keys that are not random spread over the table. */
    private static int home(long key, int shift) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
