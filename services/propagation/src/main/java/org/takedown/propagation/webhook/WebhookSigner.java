package org.takedown.propagation.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries by the Standard Webhooks specification (symmetric {@code v1}): the signature is
 * the base64 HMAC-SHA256, under the secret's key bytes, of {@code <webhook-id>.<webhook-timestamp>.<body>}.
 * During a secret rotation a delivery carries one signature per valid secret, space-separated, so a
 * receiver that still holds only the old secret (or already the new one) accepts it.
 */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /** A fresh secret: 256 random bits, serialised as {@code whsec_<base64>}. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key of a secret, with or without the {@code whsec_} prefix. */
    public static byte[] keyOf(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("a signing secret is required");
        }
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a signing secret must be whsec_ followed by base64", e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("a signing secret must not be empty");
        }
        return key;
    }

    /** One {@code v1,<base64>} signature. */
    public static String sign(String secret, String webhookId, long timestamp, String body) {
        if (webhookId.indexOf('.') >= 0) {
            // The id is part of the dot-separated signed content; a dot would make it ambiguous.
            throw new IllegalArgumentException("a webhook id must not contain '.'");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyOf(secret), "HmacSHA256"));
            byte[] signature = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The {@code webhook-signature} header value: one signature per secret, space-separated. */
    public static String signatureHeader(List<String> secrets, String webhookId, long timestamp, String body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one signing secret is required");
        }
        return secrets.stream().map(s -> sign(s, webhookId, timestamp, body)).collect(Collectors.joining(" "));
    }
}
