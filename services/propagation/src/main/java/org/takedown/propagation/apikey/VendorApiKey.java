package org.takedown.propagation.apikey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A vendor's API key, known here only by its SHA-256 and its first characters. */
@Entity
@Table(name = "vendor_api_key")
public class VendorApiKey {

    @Id
    public UUID id;

    @Column(name = "vendor_id", nullable = false)
    public String vendorId;

    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    @Column(name = "key_prefix", nullable = false)
    public String keyPrefix;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** To the minute at best: see {@link ApiKeys}. */
    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
