package org.takedown.propagation.pdq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PDQ perceptual hashes (256 bits, written as 64 hex digits) and their Hamming distance. Two images
 * whose hashes differ in at most about 31 bits are taken to be the same picture.
 */
public final class Pdq {

    public static final int BITS = 256;
    public static final int DEFAULT_MAX_DISTANCE = 31;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private Pdq() {
    }

    /** The hash in lower case, if it is 64 hex digits. */
    public static Optional<String> normalize(String hash) {
        if (hash == null) {
            return Optional.empty();
        }
        String h = hash.strip();
        return HEX64.matcher(h).matches() ? Optional.of(h.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** The hash as four longs, for fast distances. */
    public static long[] words(String hash) {
        byte[] bytes = HexFormat.of().parseHex(hash);
        long[] words = new long[4];
        for (int i = 0; i < 32; i++) {
            words[i / 8] = (words[i / 8] << 8) | (bytes[i] & 0xff);
        }
        return words;
    }

    public static int distance(long[] a, long[] b) {
        return Long.bitCount(a[0] ^ b[0]) + Long.bitCount(a[1] ^ b[1]) + Long.bitCount(a[2] ^ b[2]) + Long.bitCount(a[3] ^ b[3]);
    }

    /**
     * The PDQ hashes a {@code ReviewDecided} payload carries per approved item ({@code approvedItems[].pdq}),
     * keyed by item id (or URL for items without one), read from the raw event. {@code RemovalItem.pdq()} now carries
     * the same field and is preferred (see {@code PropagationService}); this raw reading is kept for payloads written
     * by producers on an older shared/events. An event without hashes yields an empty map.
     */
    public static Map<String, String> fromDecision(ObjectMapper json, String rawPayload) {
        Map<String, String> hashes = new HashMap<>();
        try {
            JsonNode items = json.readTree(rawPayload).path("approvedItems");
            for (JsonNode item : items) {
                Optional<String> pdq = normalize(item.path("pdq").isTextual() ? item.path("pdq").asText() : null);
                if (pdq.isPresent()) {
                    hashes.put(key(text(item, "itemId"), text(item, "url")), pdq.get());
                }
            }
        } catch (IOException e) {
            // EventCodec already read this payload; a payload it accepted but Jackson cannot is impossible.
        }
        return hashes;
    }

    public static String key(String itemId, String url) {
        return itemId != null ? "id:" + itemId : "url:" + url;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
