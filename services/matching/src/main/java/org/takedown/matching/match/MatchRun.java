package org.takedown.matching.match;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "match_run")
public class MatchRun {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "dataset_id", nullable = false)
    public String datasetId;

    @Column(name = "release_id", nullable = false)
    public String releaseId;

    /** Every release searched, {@code dataset/release} comma-separated; datasetId/releaseId are the event's. */
    public String releases;

    @Column(name = "total_candidates", nullable = false)
    public long totalCandidates;

    /** How many candidates the event carried (the rest were over the per-request cap). */
    @Column(nullable = false)
    public int published;

    @Column(name = "matched_at", nullable = false)
    public Instant matchedAt;
}
