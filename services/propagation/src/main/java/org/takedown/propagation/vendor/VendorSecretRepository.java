package org.takedown.propagation.vendor;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class VendorSecretRepository implements PanacheRepositoryBase<VendorSecret, UUID> {

    /** Secrets of these vendors valid at {@code now}, newest first. */
    public List<VendorSecret> valid(Collection<String> vendorIds, Instant now) {
        return list("vendorId in ?1 and (expiresAt is null or expiresAt > ?2) order by createdAt desc, id", vendorIds, now);
    }

    /** Secrets valid at {@code now}, newest first. */
    public List<VendorSecret> valid(String vendorId, Instant now) {
        return list("vendorId = ?1 and (expiresAt is null or expiresAt > ?2) order by createdAt desc, id", vendorId, now);
    }
}
