package org.takedown.propagation.removal.index;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The registry's standing rules (whole hosts and URL prefixes, see {@code RemovalRule}) as fingerprints of their keys,
 * and the question whether a normalised URL lies under one: a handful of hash lookups per URL, whatever the number
 * of rules.
 *
 * <p>For {@code https://a.b.example.org/photos/2020/x.jpg?q} the domain keys looked up are {@code a.b.example.org},
 * {@code b.example.org} and {@code example.org} (never a single label); the prefix keys, only when some prefix rule
 * names the host, {@code a.b.example.org}, {@code a.b.example.org/photos}, {@code a.b.example.org/photos/2020} and
 * {@code a.b.example.org/photos/2020/x.jpg}. A look-alike host ({@code evil-example.org}) yields no key of
 * {@code example.org}: keys end at a dot boundary. Domain keys leave the port out; prefix keys keep it.
 * Not thread-safe: {@link RemovalIndex} guards it.
 */
final class RuleSet {

    /** Receives the keys of a URL; answers true to stop. */
    interface Keys {
        boolean domain(byte[] url, int start, int end);

        /** Whether to look up the URL's prefix keys (their host is given). */
        boolean anyPrefixOn(byte[] url, int start, int end);

        boolean prefix(byte[] url, int start, int end);
    }

    private final FingerprintSet domains;
    private final FingerprintSet prefixes;
    /** The hosts (with port) of prefix rules: a URL whose host has none skips the path lookups. Never shrinks. */
    private final FingerprintSet prefixHosts;

    RuleSet(long expectedDomains, long expectedPrefixes) {
        domains = new FingerprintSet(expectedDomains);
        prefixes = new FingerprintSet(expectedPrefixes);
        prefixHosts = new FingerprintSet(expectedPrefixes);
    }

    int size() {
        return domains.size() + prefixes.size();
    }

    boolean isEmpty() {
        return domains.size() == 0 && prefixes.size() == 0;
    }

    long bytes() {
        return 8L * (domains.capacity() + prefixes.capacity() + prefixHosts.capacity());
    }

    void add(boolean domain, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (domain) {
            domains.add(UrlFingerprint.of(k, 0, k.length));
        } else {
            prefixes.add(UrlFingerprint.of(k, 0, k.length));
            int slash = key.indexOf('/');
            prefixHosts.add(UrlFingerprint.of(k, 0, slash < 0 ? k.length : slash));
        }
    }

    void remove(boolean domain, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        (domain ? domains : prefixes).remove(UrlFingerprint.of(k, 0, k.length));
    }

    /** For the benchmark: a domain key's fingerprint straight in. */
    void addDomainFingerprint(long fingerprint) {
        domains.add(fingerprint);
    }

    /** Whether the normalised URL in {@code url[start, end)} lies under a rule. */
    boolean covers(byte[] url, int start, int end) {
        if (isEmpty()) {
            return false;
        }
        return walk(url, start, end, lookups);
    }

    private final Keys lookups = new Keys() {
        @Override
        public boolean domain(byte[] url, int s, int e) {
            return domains.size() > 0 && domains.contains(UrlFingerprint.of(url, s, e - s));
        }

        @Override
        public boolean anyPrefixOn(byte[] url, int s, int e) {
            return prefixes.size() > 0 && prefixHosts.contains(UrlFingerprint.of(url, s, e - s));
        }

        @Override
        public boolean prefix(byte[] url, int s, int e) {
            return prefixes.contains(UrlFingerprint.of(url, s, e - s));
        }
    };

    /** The keys of a normalised URL as text, tagged {@code DOMAIN:} or {@code PREFIX:} (for the database's check). */
    static Set<String> keysOf(String normalizedUrl) {
        Set<String> keys = new LinkedHashSet<>();
        byte[] b = normalizedUrl.getBytes(StandardCharsets.UTF_8);
        walk(b, 0, b.length, new Keys() {
            @Override
            public boolean domain(byte[] url, int s, int e) {
                keys.add("DOMAIN:" + new String(url, s, e - s, StandardCharsets.UTF_8));
                return false;
            }

            @Override
            public boolean anyPrefixOn(byte[] url, int s, int e) {
                return true;
            }

            @Override
            public boolean prefix(byte[] url, int s, int e) {
                keys.add("PREFIX:" + new String(url, s, e - s, StandardCharsets.UTF_8));
                return false;
            }
        });
        return keys;
    }

    /**
     * Offers the URL's keys in turn until {@code keys} answers true. The URL is in {@code NormalizedUrl} form
     * ({@code scheme://host[:port]/path[?query]}); anything else offers nothing.
     */
    static boolean walk(byte[] b, int start, int end, Keys keys) {
        int host = -1;
        for (int i = start; i + 2 < end; i++) {
            if (b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/') {
                host = i + 3;
                break;
            }
            if (b[i] == '/') {
                return false;
            }
        }
        if (host < 0) {
            return false;
        }
        int hostEnd = host;
        while (hostEnd < end && b[hostEnd] != '/' && b[hostEnd] != ':' && b[hostEnd] != '?') {
            hostEnd++;
        }
        int authorityEnd = hostEnd;
        while (authorityEnd < end && b[authorityEnd] != '/' && b[authorityEnd] != '?') {
            authorityEnd++;
        }
        if (hostEnd == host) {
            return false;
        }
        // The host and each parent domain of at least two labels.
        for (int s = host; ; ) {
            int dot = -1;
            for (int i = s; i < hostEnd; i++) {
                if (b[i] == '.') {
                    dot = i;
                    break;
                }
            }
            if (dot < 0) {
                break;
            }
            if (keys.domain(b, s, hostEnd)) {
                return true;
            }
            s = dot + 1;
        }
        if (!keys.anyPrefixOn(b, host, authorityEnd)) {
            return false;
        }
        int pathEnd = authorityEnd;
        while (pathEnd < end && b[pathEnd] != '?') {
            pathEnd++;
        }
        // host[:port], then each path prefix ending before a '/', then the whole path.
        for (int i = authorityEnd; i < pathEnd; i++) {
            if (b[i] == '/' && keys.prefix(b, host, i)) {
                return true;
            }
        }
        return pathEnd > authorityEnd && b[pathEnd - 1] != '/' && keys.prefix(b, host, pathEnd);
    }
}
