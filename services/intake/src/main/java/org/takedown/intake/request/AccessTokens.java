package org.takedown.intake.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Capability tokens with which claimants reach their own request: 256 random bits, shown once,
 * stored only as a SHA-256 hash (a database leak does not hand out access), compared in
 * constant time.
 */
public final class AccessTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AccessTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    public static boolean matches(String presented, byte[] storedHash) {
        return presented != null && MessageDigest.isEqual(hash(presented), storedHash);
    }
}
