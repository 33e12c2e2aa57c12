package org.takedown.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonymous claimant reference that events carry instead of an e-mail address:
 * HMAC-SHA256 of the normalised address under a secret pepper that only intake holds. The same
 * person filing twice gets the same reference (abuse screening needs that); without the pepper
 * the reference cannot be reversed by hashing guessed addresses.
 */
public final class ClaimantRef {

    private static final String ALGORITHM = "HmacSHA256";

    private ClaimantRef() {
    }

    public static String of(String email, byte[] pepper) {
        if (pepper.length < 16) {
            throw new IllegalArgumentException("pepper must have at least 128 bits");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(pepper, ALGORITHM));
            byte[] digest = mac.doFinal(normalise(email).getBytes(StandardCharsets.UTF_8));
            return "cr1_" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }

    /** Case and Unicode form do not make a different person; surrounding blanks neither. */
    static String normalise(String email) {
        return Normalizer.normalize(email.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
