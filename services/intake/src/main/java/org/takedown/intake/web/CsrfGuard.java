package org.takedown.intake.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.takedown.web.ProblemException;

/**
 * Double-submit cookie for the claimant forms: a random value in an HttpOnly, SameSite=Strict cookie
 * and the same value in a hidden field; a POST whose field does not match its cookie is refused.
 * A separate guard from the JSON API's, which takes no cookies and so cannot be forged across sites.
 */
@ApplicationScoped
public class CsrfGuard {

    static final String COOKIE = "takedown-csrf";
    static final String FIELD = "csrf-token";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The browser's current value if it is one of ours, else a fresh one. */
    public String tokenFor(String cookieValue) {
        if (wellFormed(cookieValue)) {
            return cookieValue;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public NewCookie cookie(String token) {
        return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    public void verify(String cookieValue, String fieldValue) {
        boolean valid = wellFormed(cookieValue) && fieldValue != null
                && MessageDigest.isEqual(cookieValue.getBytes(StandardCharsets.US_ASCII),
                        fieldValue.getBytes(StandardCharsets.US_ASCII));
        if (!valid) {
            throw new ProblemException(403, "form-expired", "The form has expired",
                    "Please open the page again and send the form from there.", List.of());
        }
    }

    private static boolean wellFormed(String value) {
        return value != null && value.matches("[A-Za-z0-9_-]{43}");
    }
}
