package org.takedown.review.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.takedown.web.ProblemException;

/** The queue's {@code page} parameter: 1-based, bounded; anything else is a 400 problem naming it. */
class QueuePageTest {

    @Test
    void absentMeansTheFirstPage() {
        assertEquals(1, ConsoleResource.parsePage(null));
        assertEquals(1, ConsoleResource.parsePage(" "));
        assertEquals(3, ConsoleResource.parsePage("3"));
    }

    @Test
    void zeroNegativeHugeAndWordsAreRefused() {
        for (String bad : new String[] {"0", "-1", "100001", "two", "1.5"}) {
            assertThrows(ProblemException.class, () -> ConsoleResource.parsePage(bad), bad);
        }
    }
}
