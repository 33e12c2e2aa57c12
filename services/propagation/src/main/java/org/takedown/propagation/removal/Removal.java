package org.takedown.propagation.removal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One data set item removed by an approved decision. */
@Entity
@Table(name = "removal")
public class Removal {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "dataset_id", nullable = false)
    public String datasetId;

    @Column(name = "release_id")
    public String releaseId;

    @Column(name = "item_id")
    public String itemId;

    /** Normalised ({@link org.takedown.events.NormalizedUrl}). */
    @Column(nullable = false)
    public String url;

    @Column(name = "removed_at", nullable = false)
    public Instant removedAt;
}
