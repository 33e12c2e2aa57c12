package org.takedown.propagation.removal;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import org.takedown.events.NormalizedUrl;

/**
 * A whole host or URL prefix removed by a decision (a rule of the registry), beside the items it lists.
 *
 * <ul>
 * <li>{@code DOMAIN} {@code example.org}: every URL whose host is {@code example.org} or ends in {@code .example.org}
 * (any scheme and port); {@code evil-example.org} is not under it.</li>
 * <li>{@code PREFIX} {@code https://example.org/photos/}: every URL of that host (and port) whose path is
 * {@code /photos} or starts with {@code /photos/} (any scheme), compared at {@code /} boundaries, so
 * {@code /photos2/} is not under it. The prefix's query, if any, is dropped.</li>
 * </ul>
 *
 * @param kind  {@link #DOMAIN} or {@link #PREFIX}
 * @param value what vendors see: the host, or the normalised prefix URL ending in {@code /}
 * @param key   what the check looks up: the host, or host[:port] and path without the final {@code /}
 */
public record RemovalRule(String kind, String value, String key) {

    public static final String DOMAIN = "DOMAIN";
    public static final String PREFIX = "PREFIX";

    /**
     * A scope as review sends it ({@code ReviewDecided.scopes}, the request's domains): with {@code ://} a URL prefix,
     * else a host. Empty when it is neither (e.g. a single label such as {@code org}, which would remove a whole
     * top-level domain).
     */
    public static Optional<RemovalRule> parse(String scope) {
        if (scope == null || scope.isBlank()) {
            return Optional.empty();
        }
        String s = scope.strip();
        return s.contains("://") ? prefix(s) : domain(s);
    }

    private static Optional<RemovalRule> domain(String raw) {
        String host = raw.startsWith("*.") ? raw.substring(2) : raw;
        try {
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!validHost(host)) {
            return Optional.empty();
        }
        return Optional.of(new RemovalRule(DOMAIN, host, host));
    }

    private static Optional<RemovalRule> prefix(String raw) {
        Optional<String> normalized = NormalizedUrl.parse(raw);
        if (normalized.isEmpty()) {
            return Optional.empty();
        }
        String url = normalized.get();
        int query = url.indexOf('?');
        if (query >= 0) {
            url = url.substring(0, query);
        }
        if (!url.endsWith("/")) {
            url = url + "/";
        }
        int authority = url.indexOf("://") + 3;
        String key = url.substring(authority, url.length() - 1);
        int slash = key.indexOf('/');
        String host = slash < 0 ? key : key.substring(0, slash);
        int colon = host.indexOf(':');
        if (!validHost(colon < 0 ? host : host.substring(0, colon))) {
            return Optional.empty();
        }
        return Optional.of(new RemovalRule(PREFIX, url, key));
    }

    /** Letters, digits, hyphens and dots, at least two labels, no empty label. */
    private static boolean validHost(String host) {
        if (host.isEmpty() || host.length() > 253 || host.indexOf('.') < 0 || host.startsWith(".") || host.contains("..")) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
