package org.takedown.matching.hash;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqResult;

/**
 * What {@code POST /api/v1/hashes} and {@code hash FILE} answer, shaped like Meta's
 * Hasher-Matcher-Actioner: the hash as 64 hex digits, its quality, and the hashes of the seven
 * rotations and flips. {@code lowQuality} flags quality below 50, which Meta advises not to match.
 */
@JsonPropertyOrder({"pdq", "quality", "lowQuality", "dihedral", "format", "width", "height"})
public record PdqHashDocument(String pdq, int quality, boolean lowQuality, Map<String, String> dihedral,
                              String format, int width, int height) {

    static PdqHashDocument of(PdqResult result, ImageFormat format, int width, int height) {
        Map<String, String> dihedral = new LinkedHashMap<>();
        dihedral.put("rot90", result.rot90().toHex());
        dihedral.put("rot180", result.rot180().toHex());
        dihedral.put("rot270", result.rot270().toHex());
        dihedral.put("flipX", result.flipX().toHex());
        dihedral.put("flipY", result.flipY().toHex());
        dihedral.put("flipPlus1", result.variant(Dihedral.FLIP_PLUS_1).toHex());
        dihedral.put("flipMinus1", result.variant(Dihedral.FLIP_MINUS_1).toHex());
        return new PdqHashDocument(result.hash().toHex(), result.quality(), result.isLowQuality(), dihedral,
                format.name().toLowerCase(java.util.Locale.ROOT), width, height);
    }
}
