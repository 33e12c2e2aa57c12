package org.takedown.propagation.vendor;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class VendorEndpointRepository implements PanacheRepositoryBase<VendorEndpoint, UUID> {

    /** The enabled endpoints of enabled vendors, by vendor id, oldest first. */
    public List<VendorEndpoint> enabledOfEnabledVendors() {
        return list("enabled = true and vendorId in (select v.id from Vendor v where v.enabled = true) order by vendorId, createdAt, id");
    }

    public List<VendorEndpoint> ofVendor(String vendorId) {
        return list("vendorId = ?1 order by createdAt, id", vendorId);
    }
}
