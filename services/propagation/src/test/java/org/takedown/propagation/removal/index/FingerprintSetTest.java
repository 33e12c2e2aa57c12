package org.takedown.propagation.removal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

    @Test
    void behavesLikeAHashSetUnderRandomAddsAndRemovesIncludingCollidingHomes() {
        Random random = new Random(7);
        FingerprintSet set = new FingerprintSet(0);
        Set<Long> reference = new HashSet<>();
        for (int i = 0; i < 60_000; i++) {
            // Few distinct low bits, so that probe runs are long and wrap around the table's end.
            long value = random.nextInt(4) == 0 ? random.nextLong() : ((long) random.nextInt(20_000) << 32) | random.nextInt(4);
            if (random.nextInt(3) == 0) {
                assertEquals(reference.remove(value), set.remove(value), "remove " + value);
            } else {
                assertEquals(reference.add(value), set.add(value), "add " + value);
            }
            if (i % 6000 == 0) {
                for (long known : reference) {
                    assertTrue(set.contains(known), "still holds " + known);
                }
            }
        }
        assertEquals(reference.size(), set.size());
        for (long known : reference) {
            assertTrue(set.contains(known));
        }
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong();
            assertEquals(reference.contains(value), set.contains(value));
        }
    }

    @Test
    void zeroIsAFingerprintLikeAnyOther() {
        FingerprintSet set = new FingerprintSet(10);
        assertFalse(set.contains(0));
        assertTrue(set.add(0));
        assertTrue(set.contains(0));
        assertTrue(set.remove(0));
        assertFalse(set.contains(0));
    }

    @Test
    void isSizedForTheExpectedCountAtThreeQuartersFull() {
        assertEquals(1 << 27, FingerprintSet.capacityFor(100_000_000));
        assertEquals(1 << 10, FingerprintSet.capacityFor(0));
    }
}
