package org.takedown.propagation.pdq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.takedown.pdq.PdqHash;

/**
 * How propagation reads PDQ hashes off decisions and requests: the hash itself (value, text form, Hamming distance)
 * is shared/pdq's {@link PdqHash}, the same type matching computes, so the two services cannot disagree on a hash's
 * bit order. Two images whose hashes differ in at most {@link PdqHash#MATCH_DISTANCE} bits are the same picture.
 */
public final class Pdq {

    public static final int DEFAULT_MAX_DISTANCE = PdqHash.MATCH_DISTANCE;

    private Pdq() {
    }

    /** The hash in lower case, if it is 64 hex digits. */
    public static Optional<String> normalize(String hash) {
        return PdqHash.isHex(hash) ? Optional.of(PdqHash.parse(hash).toHex()) : Optional.empty();
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
