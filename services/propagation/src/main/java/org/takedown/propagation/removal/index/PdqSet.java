package org.takedown.propagation.removal.index;

import java.util.HashMap;
import java.util.Map;
import org.takedown.pdq.PdqHash;

/**
 * The PDQ hashes of standing removals, kept apart from the URL fingerprints: a hash check looks for the nearest
 * hash within a Hamming distance, so it scans a flat {@code long[]} (four words a hash) instead of asking PostgreSQL.
 * A very large hash registry would want a multi-index hash table instead of the scan. Not thread-safe:
 * {@link RemovalIndex} guards it.
 */
final class PdqSet {

    private final Map<String, long[]> hashes = new HashMap<>();
    private volatile long[] flat = new long[0];
    private volatile boolean dirty;

    void add(String hash) {
        PdqHash parsed = PdqHash.parse(hash);
        long[] words = {parsed.word(0), parsed.word(1), parsed.word(2), parsed.word(3)};
        if (hashes.putIfAbsent(hash, words) == null) {
            dirty = true;
        }
    }

    void remove(String hash) {
        if (hashes.remove(hash) != null) {
            dirty = true;
        }
    }

    int size() {
        return hashes.size();
    }

    /** The nearest distance to a known hash (stopping at 0), or {@link Integer#MAX_VALUE} when none is known. */
    int nearest(PdqHash query) {
        long q0 = query.word(0);
        long q1 = query.word(1);
        long q2 = query.word(2);
        long q3 = query.word(3);
        long[] words = words();
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < words.length && best > 0; i += 4) {
            int d = Long.bitCount(q0 ^ words[i]) + Long.bitCount(q1 ^ words[i + 1])
                    + Long.bitCount(q2 ^ words[i + 2]) + Long.bitCount(q3 ^ words[i + 3]);
            best = Math.min(best, d);
        }
        return best;
    }

    private long[] words() {
        if (dirty) {
            synchronized (this) {
                if (dirty) {
                    long[] next = new long[hashes.size() * 4];
                    int i = 0;
                    for (long[] w : hashes.values()) {
                        System.arraycopy(w, 0, next, i, 4);
                        i += 4;
                    }
                    flat = next;
                    dirty = false;
                }
            }
        }
        return flat;
    }
}
