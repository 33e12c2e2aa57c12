package org.takedown.intake.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Evidence hashed on the claimant's device: the PDQ hash (64 lower-case hex digits) and quality of an image that was
 * never uploaded. Matching searches it like the hash of an uploaded image (ADR 021).
 */
@Entity
@Table(name = "evidence_hash")
public class EvidenceHash {

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false, columnDefinition = "bpchar")
    public String pdq;

    @Column(nullable = false)
    public short quality;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
