package org.takedown.propagation.vendor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A company that receives removal notices. */
@Entity
@Table(name = "vendor")
public class Vendor {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "contact_email")
    public String contactEmail;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "from_config", nullable = false)
    public boolean fromConfig;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When it was disabled because it came from configuration and no longer does; null otherwise. */
    @Column(name = "retired_at")
    public Instant retiredAt;
}
