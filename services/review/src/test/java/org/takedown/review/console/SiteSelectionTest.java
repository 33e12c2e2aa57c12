package org.takedown.review.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.web.ProblemException;

/** The queue's {@code site} filter and the bulk form's ticked cases: what is accepted, and the 400 for the rest. */
class SiteSelectionTest {

    @Test
    void aSiteIsAHostNameInLowerCase() {
        assertEquals("images.example.org", ConsoleResource.parseSite(" Images.Example.ORG "));
        assertEquals("xn--bcher-kva.example", ConsoleResource.parseSite("xn--bcher-kva.example"));
        assertNull(ConsoleResource.parseSite(""));
        assertNull(ConsoleResource.parseSite(null));
    }

    @Test
    void urlsPathsPortsAndWildcardsAreNotSites() {
        for (String bad : new String[] {"https://example.org", "example.org/a", "example.org:8080", "*.example.org",
                "-example.org", "example..org", "exa mple.org", "%2e.example.org"}) {
            assertThrows(ProblemException.class, () -> ConsoleResource.parseSite(bad), bad);
        }
    }

    @Test
    void eachTickedCaseCarriesTheVersionTheQueueShowed() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertEquals(Map.of(a, 3L, b, 0L), BulkDecisionResource.parseSelection(List.of(a + ":3", b + ":0")));
    }

    @Test
    void nothingTickedTooManyOrMalformedSelectionsAreRefused() {
        assertThrows(ProblemException.class, () -> BulkDecisionResource.parseSelection(List.of()));
        assertThrows(ProblemException.class, () -> BulkDecisionResource.parseSelection(null));
        assertThrows(ProblemException.class, () -> BulkDecisionResource.parseSelection(
                Collections.nCopies(BulkDecisionResource.MAX_CASES + 1, UUID.randomUUID() + ":1")));
        for (String bad : new String[] {"no-colon", UUID.randomUUID().toString(), "not-a-uuid:1", UUID.randomUUID() + ":x"}) {
            assertThrows(ProblemException.class, () -> BulkDecisionResource.parseSelection(List.of(bad)), bad);
        }
    }
}
