package org.takedown.propagation.pdq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PdqTest {

    private static final String ZERO = "0".repeat(64);

    @Test
    void distanceCountsDifferingBits() {
        assertEquals(0, Pdq.distance(Pdq.words(ZERO), Pdq.words(ZERO)));
        assertEquals(256, Pdq.distance(Pdq.words(ZERO), Pdq.words("f".repeat(64))));
        assertEquals(1, Pdq.distance(Pdq.words(ZERO), Pdq.words("8" + "0".repeat(63))));
        assertEquals(1, Pdq.distance(Pdq.words(ZERO), Pdq.words("0".repeat(63) + "1")));
        assertEquals(4, Pdq.distance(Pdq.words(ZERO), Pdq.words("0".repeat(31) + "f" + "0".repeat(32))));
    }

    @Test
    void onlySixtyFourHexDigitsAreAHash() {
        assertEquals(Optional.of("ab" + "0".repeat(62)), Pdq.normalize(" AB" + "0".repeat(62) + " "));
        assertTrue(Pdq.normalize("ab").isEmpty());
        assertTrue(Pdq.normalize("g".repeat(64)).isEmpty());
        assertTrue(Pdq.normalize(null).isEmpty());
    }

    @Test
    void hashesAreReadFromTheRawDecisionByItem() {
        String raw = """
                {"approvedItems":[{"itemId":"a","url":"https://x.example/a","pdq":"%s"},
                 {"itemId":"b","url":"https://x.example/b"},{"url":"https://x.example/c","pdq":"%s"},
                 {"itemId":"d","pdq":"nonsense"}]}""".formatted("A".repeat(64), "1".repeat(64));
        assertEquals(Map.of("id:a", "a".repeat(64), "url:https://x.example/c", "1".repeat(64)),
                Pdq.fromDecision(new ObjectMapper(), raw));
    }
}
