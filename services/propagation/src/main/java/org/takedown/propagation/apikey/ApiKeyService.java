package org.takedown.propagation.apikey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.propagation.vendor.VendorRepository;
import org.takedown.web.ProblemException;

/** Issues, lists and revokes vendors' API keys; the keys themselves are never stored, only their SHA-256. */
@ApplicationScoped
public class ApiKeyService {

    /** Every key starts with this, so it can be recognised (by people, and by secret scanners) wherever it turns up. */
    public static final String PREFIX = "tdk_";
    /** 256 random bits. */
    static final int KEY_BYTES = 32;
    /** The prefix and this many characters of the key are kept, to tell keys apart in listings. */
    static final int SHOWN_CHARACTERS = PREFIX.length() + 8;

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key as listed: never the key itself. */
    public record ApiKeyView(UUID id, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

        static ApiKeyView of(VendorApiKey key) {
            return new ApiKeyView(key.id, key.keyPrefix, key.createdAt, key.lastUsedAt, key.revokedAt);
        }
    }

    /** The only answer that ever shows a key. */
    public record ApiKeyIssued(UUID id, String key, String prefix, Instant createdAt) {
    }

    private final VendorApiKeyRepository keys;
    private final VendorRepository vendors;

    ApiKeyService(VendorApiKeyRepository keys, VendorRepository vendors) {
        this.keys = keys;
        this.vendors = vendors;
    }

    @Transactional
    public ApiKeyIssued issue(String vendorId) {
        existingVendor(vendorId);
        byte[] random = new byte[KEY_BYTES];
        RANDOM.nextBytes(random);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        VendorApiKey row = new VendorApiKey();
        row.id = UUID.randomUUID();
        row.vendorId = vendorId;
        row.keyHash = ApiKeys.hash(key);
        row.keyPrefix = key.substring(0, SHOWN_CHARACTERS);
        row.createdAt = Instant.now();
        keys.persist(row);
        LOG.infof("vendor %s: API key %s issued", vendorId, row.id);
        return new ApiKeyIssued(row.id, key, row.keyPrefix, row.createdAt);
    }

    @Transactional
    public List<ApiKeyView> list(String vendorId) {
        existingVendor(vendorId);
        return keys.ofVendor(vendorId).stream().map(ApiKeyView::of).toList();
    }

    /** Revokes the key (repeating it changes nothing); 404 when the vendor has no such key. */
    @Transactional
    public void revoke(String vendorId, UUID keyId) {
        VendorApiKey key = keys.findById(keyId);
        if (key == null || !key.vendorId.equals(vendorId)) {
            throw ProblemException.notFound("API key " + keyId + " of vendor " + vendorId);
        }
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now();
            LOG.infof("vendor %s: API key %s revoked", vendorId, keyId);
        }
    }

    private void existingVendor(String vendorId) {
        if (vendors.findById(vendorId) == null) {
            throw ProblemException.notFound("vendor " + vendorId);
        }
    }
}
