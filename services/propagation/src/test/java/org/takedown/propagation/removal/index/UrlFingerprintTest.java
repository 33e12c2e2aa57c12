package org.takedown.propagation.removal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

/** Our XXH64 against lz4-java's (on the class path through the Kafka client) for every length 0..300 and random bytes. */
class UrlFingerprintTest {

    private static final XXHash64 REFERENCE = XXHashFactory.safeInstance().hash64();

    @Test
    void matchesTheReferenceXxh64ForEveryLengthAndOffset() {
        Random random = new Random(42);
        byte[] bytes = new byte[400];
        for (int round = 0; round < 20; round++) {
            random.nextBytes(bytes);
            for (int length = 0; length <= 300; length++) {
                int offset = random.nextInt(bytes.length - length + 1);
                assertEquals(REFERENCE.hash(bytes, offset, length, 0), UrlFingerprint.of(bytes, offset, length),
                        "length " + length + " at " + offset);
            }
        }
    }

    @Test
    void aStringIsFingerprintedAsItsUtf8Bytes() {
        String url = "https://bücher.example/ä?q=ß";
        byte[] utf8 = url.getBytes(StandardCharsets.UTF_8);
        assertEquals(REFERENCE.hash(utf8, 0, utf8.length, 0), UrlFingerprint.of(url));
        assertEquals(0xEF46DB3751D8E999L, UrlFingerprint.of(""), "the published XXH64 of the empty input");
    }
}
