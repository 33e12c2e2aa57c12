package org.takedown.intake.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals personal data at rest with AES-256-GCM. The request id is bound in as associated data,
 * so a ciphertext copied onto another request does not open. Old keys stay configured to open
 * what they sealed; new data is always sealed with the current key (rotation).
 */
@ApplicationScoped
public class PersonalDataCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys;
    private final String currentKeyId;

    public PersonalDataCipher(IntakeCryptoConfig config) {
        this.keys = config.keys().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> aesKey(e.getKey(), e.getValue())));
        this.currentKeyId = config.currentKeyId();
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalStateException("takedown.intake.crypto.current-key-id names no configured key: " + currentKeyId);
        }
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public byte[] seal(String plaintext, UUID requestId) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), requestId);
    }

    public byte[] seal(byte[] plaintext, UUID requestId) {
        return seal(plaintext, currentKeyId, requestId);
    }

    /**
     * Seals with the key that sealed the rest of the row, for data that replaces a part of it (the row
     * keeps one key id); new rows always take the current key.
     */
    public byte[] sealWith(String keyId, String plaintext, UUID requestId) {
        if (!keys.containsKey(keyId)) {
            throw new IllegalStateException("no key configured with id " + keyId);
        }
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), keyId, requestId);
    }

    private byte[] seal(byte[] plaintext, String keyId, UUID requestId) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(keyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(requestId.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    public String open(byte[] sealed, String keyId, UUID requestId) {
        return new String(openBytes(sealed, keyId, requestId), StandardCharsets.UTF_8);
    }

    public byte[] openBytes(byte[] sealed, String keyId, UUID requestId) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("no key configured with id " + keyId + "; it is needed to read old data");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(requestId.toString().getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("personal data of request " + requestId + " does not open with key " + keyId, e);
        }
    }

    private static SecretKey aesKey(String id, String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length != 32) {
            throw new IllegalStateException("key " + id + " must be 32 bytes (base64 of 256 bits), has " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
