package org.takedown.propagation.vendor;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class VendorRepository implements PanacheRepositoryBase<Vendor, String> {

    public List<Vendor> enabled() {
        return list("enabled = true order by id");
    }
}
