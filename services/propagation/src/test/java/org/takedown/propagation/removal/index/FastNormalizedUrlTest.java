package org.takedown.propagation.removal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.takedown.events.NormalizedUrl;

/**
 * The fast path may only say "already normal" where the registry's normaliser gives the input back unchanged: for
 * many URL shapes (hand-picked and generated from tricky pieces), whenever {@link FastNormalizedUrl} accepts a URL,
 * {@link NormalizedUrl#parse} answers exactly that URL, so the check's fingerprints equal the registry's.
 */
class FastNormalizedUrlTest {

    private static final String[] SCHEMES = { "http://", "https://", "HTTP://", "Https://", "ftp://", "http:/", "http:", "" };
    private static final String[] HOSTS = { "example.com", "img.example.org", "a.b", "x", "a-b.example", "-a.example",
            "a-.example", "EXAMPLE.com", "exa_mple.com", "example.com.", "a..b", "1.2.3.4", "a.1b", "a.b1", "xn--bcher-kva.example",
            "bücher.example", "[::1]", "user@example.com", "example.com:80", "example.com:443", "example.com:8080", "",
            "a".repeat(63) + ".example", "a".repeat(64) + ".example", "1a.example", "a.b-c" };
    private static final String[] PATHS = { "", "/", "/a.jpg", "/img/1.jpg", "//a", "/a//b", "/./a", "/a/.", "/a/..", "/../a",
            "/a/../b", "/.a", "/a.", "/..a", "/a/b/", "/%20", "/%2F", "/%zz", "/%2", "/a b", "/a\"b", "/ä", "/a;p=1",
            "/:@&=+$,", "/-_.!~*'()", "/a|b", "/a[b]", "/a{b}", "/a\\b", "/a^b", "/a`b", "/a<b>", "/%E2%82%AC" };
    private static final String[] QUERIES = { "", "?", "?a=1", "?a=1&b=2", "?q=a/b?c", "?q=%20", "?q=%g0", "?q=a b", "?q=[1]",
            "?q=ä", "?q=./..//", "?q='\"'", "?q=a|b" };
    private static final String[] FRAGMENTS = { "", "#", "#f", "#a/b" };

    @Test
    void everyShapeTheFastPathAcceptsNormalisesToItself() {
        int accepted = 0;
        int total = 0;
        for (String scheme : SCHEMES) {
            for (String host : HOSTS) {
                for (String path : PATHS) {
                    for (String query : QUERIES) {
                        for (String fragment : FRAGMENTS) {
                            accepted += agree(scheme + host + path + query + fragment) ? 1 : 0;
                            total++;
                        }
                    }
                }
            }
        }
        assertTrue(accepted > 1000, "the fast path takes the common shapes (" + accepted + " of " + total + ")");
    }

    @Test
    void randomStringsFromUrlPiecesAgree() {
        String[] pieces = { "http://", "https://", "a", "Z", "0", "-", ".", "..", "/", "//", "?", "#", "%", "%41", "%4", ":", "@",
                "=", "&", ";", "[", "]", " ", "\t", "ä", "\u0000", "\"", "\\", "~", "'", "*", "+", "$", ",", "!", "(", ")", "_", "com",
                "example", ":80", ":443", ":8080", "xn--" };
        String[] hostPieces = { "a", "example", "com", ".", "-", "0", "Z", "xn--", ":80", ":8080", "ä", "_", "@" };
        Random random = new Random(2026);
        int accepted = 0;
        for (int i = 0; i < 300_000; i++) {
            StringBuilder url = new StringBuilder(random.nextInt(8) == 0 ? "" : random.nextBoolean() ? "https://" : "http://");
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                url.append(hostPieces[random.nextInt(hostPieces.length)]);
            }
            url.append('/');
            for (int k = random.nextInt(10); k > 0; k--) {
                url.append(pieces[random.nextInt(pieces.length)]);
            }
            accepted += agree(url.toString()) ? 1 : 0;
        }
        assertTrue(accepted > 1000, "random shapes the fast path took: " + accepted);
    }

    @Test
    void commonAndEdgeShapes() {
        assertTrue(agree("https://example.com/a.jpg"));
        assertTrue(agree("http://cdn.example.org/img/2023/01/photo-1.jpg?w=800&h=600"));
        assertTrue(agree("https://example.com/a%20b.jpg"));
        assertFalse(agree("https://Example.com/a.jpg"), "upper case host: left to the normaliser");
        assertFalse(agree("https://example.com"), "no path: the normaliser adds /");
        assertFalse(agree("https://example.com:443/a.jpg"), "default port: the normaliser drops it");
        assertFalse(agree("https://example.com/a/../b.jpg"), "dot segments: the normaliser resolves them");
        assertFalse(agree("https://example.com/a.jpg#x"), "fragment: the normaliser drops it");
        assertFalse(agree("https://example.com/" + "a".repeat(2100)), "too long: not a URL for the normaliser");
    }

    /** Whether the fast path accepts the URL; if it does, the normaliser must give it back unchanged. */
    private static boolean agree(String url) {
        byte[] bytes = ("xx" + url + "yy").getBytes(StandardCharsets.UTF_8);
        boolean ascii = url.chars().allMatch(c -> c < 128);
        boolean fast = ascii && FastNormalizedUrl.isNormal(bytes, 2, bytes.length - 4);
        if (fast) {
            assertEquals(Optional.of(url), NormalizedUrl.parse(url), "fast path took " + url);
        }
        return fast;
    }

}
