package org.takedown.propagation.pdq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PdqTest {

    @Test
    void onlySixtyFourHexDigitsAreAHash() {
        assertEquals(Optional.of("ab" + "0".repeat(62)), Pdq.normalize(" AB" + "0".repeat(62) + " "));
        assertTrue(Pdq.normalize("ab").isEmpty());
        assertTrue(Pdq.normalize("g".repeat(64)).isEmpty());
        assertTrue(Pdq.normalize(null).isEmpty());
        assertTrue(Pdq.normalize("\uff11".repeat(64)).isEmpty(), "full-width digits are not hex");
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
