package org.takedown.matching.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One release of a data set and where it is in its life. */
@Entity
@Table(name = "dataset_release")
public class DatasetRelease {

    /** Where a release's index lives. */
    public static final String LUCENE = "lucene";
    /** The configured JSONL manifest, loaded into memory at start-up. */
    public static final String MEMORY = "memory";
    /** An index in the configured OpenSearch cluster (ADR 018). */
    public static final String OPENSEARCH = "opensearch";

    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ReleaseState state;

    @Column(name = "item_count")
    public Long itemCount;

    @Column(nullable = false)
    public String backend;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    /** A release's id: its data set and its own id. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "dataset_id")
        public String datasetId;

        @Column(name = "release_id")
        public String releaseId;

        protected Key() {
        }

        public Key(String datasetId, String releaseId) {
            this.datasetId = datasetId;
            this.releaseId = releaseId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && datasetId.equals(k.datasetId) && releaseId.equals(k.releaseId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(datasetId, releaseId);
        }

        @Override
        public String toString() {
            return datasetId + "/" + releaseId;
        }
    }
}
