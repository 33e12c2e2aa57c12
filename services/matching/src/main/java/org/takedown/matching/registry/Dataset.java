package org.takedown.matching.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A data set matching knows of (LAION-5B, COYO-700M, a vendor's own crawl): public facts only. */
@Entity
@Table(name = "dataset")
public class Dataset {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "maintainer_contact")
    public String maintainerContact;

    @Column(name = "home_url")
    public String homeUrl;

    @Column(name = "licence_url")
    public String licenceUrl;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;
}
