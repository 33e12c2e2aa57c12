package org.takedown.propagation.removal.index;

import org.takedown.events.NormalizedUrl;

/**
 * Recognises, without allocating, ASCII URLs that {@link NormalizedUrl#parse} would give back unchanged: lower-case
 * {@code http}/{@code https}, a plain lower-case host name without port or user info, a non-empty path without dot
 * segments or doubled slashes, an optional non-empty query, no fragment, only characters {@code java.net.URI}
 * takes as they are. Anything else is left to the full normaliser, so a {@code false} here never changes an
 * answer, only its cost. {@code FastNormalizedUrlTest} holds both to the same results over many URL shapes.
 */
public final class FastNormalizedUrl {

    private static final boolean[] PATH = new boolean[128];
    private static final boolean[] QUERY = new boolean[128];
    private static final int MAX_LABEL = 63;

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            PATH[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            PATH[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            PATH[c] = true;
        }
        for (char c : "-_.!~*'():@&=+$,;/".toCharArray()) {
            PATH[c] = true;
        }
        System.arraycopy(PATH, 0, QUERY, 0, PATH.length);
        QUERY['?'] = true;
    }

    private FastNormalizedUrl() {
    }

    /** Whether {@code bytes[offset, offset + length)} is ASCII already in {@link NormalizedUrl} form. */
    public static boolean isNormal(byte[] bytes, int offset, int length) {
        if (length > NormalizedUrl.MAX_LENGTH) {
            return false;
        }
        int end = offset + length;
        int p;
        if (startsWith(bytes, offset, end, "https://")) {
            p = offset + 8;
        } else if (startsWith(bytes, offset, end, "http://")) {
            p = offset + 7;
        } else {
            return false;
        }
        p = host(bytes, p, end);
        if (p < 0 || p >= end || bytes[p] != '/') {
            return false;
        }
        // Path: segments between slashes, none empty (no "//"), "." or "..".
        int segmentStart = p + 1;
        p++;
        while (true) {
            int c = p < end ? bytes[p] : -1;
            if (c == '/' || c == '?' || c == -1) {
                int segment = p - segmentStart;
                if (c == '/' && segment == 0) {
                    return false;
                }
                if (segment == 1 && bytes[segmentStart] == '.' || segment == 2 && bytes[segmentStart] == '.'
                        && bytes[segmentStart + 1] == '.') {
                    return false;
                }
                if (c != '/') {
                    break;
                }
                segmentStart = p + 1;
                p++;
                continue;
            }
            if (c == '%') {
                if (!escape(bytes, p, end)) {
                    return false;
                }
                p += 3;
                continue;
            }
            if (c < 0 || !PATH[c]) {
                return false;
            }
            p++;
        }
        if (p == end) {
            return true;
        }
        // Query (p is at '?'): non-empty, characters URI keeps as they are.
        p++;
        if (p == end) {
            return false;
        }
        while (p < end) {
            int c = bytes[p];
            if (c == '%') {
                if (!escape(bytes, p, end)) {
                    return false;
                }
                p += 3;
                continue;
            }
            if (c < 0 || !QUERY[c]) {
                return false;
            }
            p++;
        }
        return true;
    }

    /**
     * A host name of labels {@code [a-z0-9]([a-z0-9-]*[a-z0-9])?} of at most 63 characters, the last starting with a
     * letter; answers the index after it, or -1.
     */
    private static int host(byte[] bytes, int p, int end) {
        int labelStart = p;
        while (true) {
            int c = p < end ? bytes[p] : -1;
            if (c == '.' || c == '/' || c == '?' || c == -1) {
                int label = p - labelStart;
                if (label == 0 || label > MAX_LABEL || bytes[p - 1] == '-') {
                    return -1;
                }
                if (c != '.') {
                    byte first = bytes[labelStart];
                    return first >= 'a' && first <= 'z' ? p : -1;
                }
                labelStart = ++p;
                continue;
            }
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                p++;
            } else if (c == '-' && p > labelStart) {
                p++;
            } else {
                return -1;
            }
        }
    }

    private static boolean escape(byte[] bytes, int p, int end) {
        return p + 2 < end && hex(bytes[p + 1]) && hex(bytes[p + 2]);
    }

    private static boolean hex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean startsWith(byte[] bytes, int p, int end, String prefix) {
        if (end - p < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[p + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
