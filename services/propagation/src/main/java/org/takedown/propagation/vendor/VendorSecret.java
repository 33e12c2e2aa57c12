package org.takedown.propagation.vendor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A signing secret ({@code whsec_…}). Kept in clear because signing needs it; the database role
 * of this service is the only reader. Encryption at rest is a later step.
 */
@Entity
@Table(name = "vendor_secret")
public class VendorSecret {

    @Id
    public UUID id;

    @Column(name = "vendor_id", nullable = false)
    public String vendorId;

    @Column(nullable = false)
    public String secret;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Null while current; set by a rotation to the end of the grace period. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean validAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
