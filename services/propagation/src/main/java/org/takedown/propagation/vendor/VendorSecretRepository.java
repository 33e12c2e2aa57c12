package org.takedown.propagation.vendor;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;

@ApplicationScoped
public class VendorSecretRepository implements PanacheRepositoryBase<VendorSecret, UUID> {

    /**
     * The secrets of these vendors valid at {@code now}, newest first, by vendor: one statement whose SQL does not
     * depend on how many vendors are asked for (a dispatcher round asks for a different number each time).
     */
    public Map<String, List<String>> valid(Collection<String> vendorIds, Instant now) {
        Map<String, List<String>> valid = new HashMap<>();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT vendor_id, secret FROM vendor_secret"
                    + " WHERE vendor_id = ANY (?) AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC, id")) {
                select.setArray(1, connection.createArrayOf("text", vendorIds.toArray()));
                select.setObject(2, now.atOffset(ZoneOffset.UTC));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        valid.computeIfAbsent(rows.getString(1), v -> new ArrayList<>()).add(rows.getString(2));
                    }
                }
            }
        });
        return valid;
    }

    /** Secrets valid at {@code now}, newest first. */
    public List<VendorSecret> valid(String vendorId, Instant now) {
        return list("vendorId = ?1 and (expiresAt is null or expiresAt > ?2) order by createdAt desc, id", vendorId, now);
    }
}
