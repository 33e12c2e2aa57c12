package org.takedown.verification.check;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.takedown.events.ClaimType;

@Entity
@Table(name = "verification")
public class Verification {

    public enum Outcome {
        VERIFIED,
        REJECTED,
        NEEDS_INFORMATION,
        /** A site opt-out waiting for proof of control of its domains; no event until decided. */
        AWAITING_DOMAIN_PROOF
    }

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(name = "claim_type", nullable = false)
    public ClaimType claimType;

    @Column(name = "claimant_ref", nullable = false)
    public String claimantRef;

    /** Pseudonym of the source network; null for requests whose producer did not report it. */
    @Column(name = "source_network_ref")
    public String sourceNetworkRef;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    @Column(name = "reason_code")
    public String reasonCode;

    @Column(name = "risk_score", nullable = false)
    public int riskScore;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    public String fingerprint;

    @Column(name = "duplicate_of")
    public UUID duplicateOf;

    /** Comma-separated flags for reviewers. */
    public String flags;

    /** Comma-separated names of missing legal elements. */
    @Column(name = "missing_elements")
    public String missingElements;

    @Column(name = "submitted_event")
    public String submittedEvent;

    public List<String> flagList() {
        return flags == null || flags.isEmpty() ? List.of() : List.of(flags.split(","));
    }
}
