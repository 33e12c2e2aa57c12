package org.takedown.propagation.apikey;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;

@ApplicationScoped
public class VendorApiKeyRepository implements PanacheRepositoryBase<VendorApiKey, UUID> {

    /** A key that may be used now: not revoked, of an enabled vendor. */
    record UsableKey(UUID id, String vendorId, String keyHash) {
    }

    /** Every usable key, in one plain query (no entities: this runs every few seconds on every replica). */
    List<UsableKey> usable() {
        List<UsableKey> keys = new ArrayList<>();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT k.id, k.vendor_id, k.key_hash"
                    + " FROM vendor_api_key k JOIN vendor v ON v.id = k.vendor_id WHERE k.revoked_at IS NULL AND v.enabled");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(new UsableKey(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3)));
                }
            }
        });
        return keys;
    }

    /** Moves {@code last_used_at} forward (never back: another replica may have written a later time), in one batch. */
    void recordUse(Map<UUID, Instant> lastUsed) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE vendor_api_key SET last_used_at = ?"
                    + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
                for (Map.Entry<UUID, Instant> use : lastUsed.entrySet()) {
                    update.setObject(1, use.getValue().atOffset(ZoneOffset.UTC));
                    update.setObject(2, use.getKey());
                    update.setObject(3, use.getValue().atOffset(ZoneOffset.UTC));
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    List<VendorApiKey> ofVendor(String vendorId) {
        return list("vendorId = ?1 order by createdAt, id", vendorId);
    }
}
