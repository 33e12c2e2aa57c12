package org.takedown.intake.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    @Test
    void tokenCarries256RandomBits() {
        assertEquals(32, Base64.getUrlDecoder().decode(AccessTokens.newToken()).length);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(AccessTokens.newToken()));
        }
    }

    @Test
    void onlyTheIssuedTokenMatchesItsHash() {
        String token = AccessTokens.newToken();
        byte[] stored = AccessTokens.hash(token);
        assertTrue(AccessTokens.matches(token, stored));
        assertFalse(AccessTokens.matches(token + "x", stored));
        assertFalse(AccessTokens.matches(AccessTokens.newToken(), stored));
        assertFalse(AccessTokens.matches(null, stored));
    }
}
