package org.takedown.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NormalizedUrlTest {

    @ParameterizedTest
    @CsvSource({
            "HTTPS://Images.Example.ORG/a/b.jpg, https://images.example.org/a/b.jpg",
            "https://images.example.org:443/a.jpg#frag, https://images.example.org/a.jpg",
            "http://example.org, http://example.org/",
            "http://example.org:8080/x/../y.png?s=1, http://example.org:8080/y.png?s=1",
            "https://bücher.example/katze.jpg, https://xn--bcher-kva.example/katze.jpg",
            "https://example.org./a.jpg, https://example.org/a.jpg"
    })
    void normalises(String raw, String expected) {
        assertEquals(Optional.of(expected), NormalizedUrl.parse(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/a.jpg", "not a url",
            "https://", "/relative/path.jpg", "https://user:pw@example.org/a.jpg", ""})
    void refusesWhatIsNotAPublicHttpUrl(String raw) {
        assertTrue(NormalizedUrl.parse(raw).isEmpty(), raw);
    }
}
