package org.takedown.matching.match;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** Why one candidate of a match run was found by one signal: raw score and how (no image data). */
@Entity
@Table(name = "match_signal")
public class MatchSignal {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "dataset_id")
    public String datasetId;

    @Column(name = "release_id")
    public String releaseId;

    @Column(name = "item_id", nullable = false)
    public String itemId;

    @Column(nullable = false)
    public String signal;

    /** The signal's raw score, e.g. the PDQ Hamming distance; null for signals without one (exact URL). */
    public Double score;

    @Column(nullable = false)
    public String detail;
}
