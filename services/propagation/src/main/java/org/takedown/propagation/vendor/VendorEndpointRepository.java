package org.takedown.propagation.vendor;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class VendorEndpointRepository implements PanacheRepositoryBase<VendorEndpoint, UUID> {

    public List<VendorEndpoint> ofVendor(String vendorId) {
        return list("vendorId = ?1 order by createdAt, id", vendorId);
    }
}
