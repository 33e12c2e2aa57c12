package org.takedown.propagation.vendor;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;

@ApplicationScoped
public class VendorEndpointRepository implements PanacheRepositoryBase<VendorEndpoint, UUID> {

    /**
     * The enabled endpoints of enabled vendors, by vendor id, oldest first: read-only copies, not managed (planning
     * reads them for every decision; hundreds of managed entities per decision cost more than the query).
     */
    public List<VendorEndpoint> enabledOfEnabledVendors() {
        List<VendorEndpoint> found = new ArrayList<>();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT e.id, e.vendor_id, e.url, e.event_types, e.datasets, e.created_at FROM vendor_endpoint e
                    JOIN vendor v ON v.id = e.vendor_id
                    WHERE e.enabled AND v.enabled ORDER BY e.vendor_id, e.created_at, e.id""");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    VendorEndpoint endpoint = new VendorEndpoint();
                    endpoint.id = rows.getObject(1, UUID.class);
                    endpoint.vendorId = rows.getString(2);
                    endpoint.url = rows.getString(3);
                    endpoint.eventTypes = rows.getString(4);
                    endpoint.datasets = rows.getString(5);
                    endpoint.createdAt = rows.getObject(6, OffsetDateTime.class).toInstant();
                    endpoint.enabled = true;
                    found.add(endpoint);
                }
            }
        });
        return found;
    }

    public List<VendorEndpoint> ofVendor(String vendorId) {
        return list("vendorId = ?1 order by createdAt, id", vendorId);
    }
}
