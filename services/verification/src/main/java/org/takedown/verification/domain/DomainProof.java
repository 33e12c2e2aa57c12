package org.takedown.verification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The token issued for one domain of one request, and whether its control was proven. */
@Entity
@Table(name = "domain_proof")
public class DomainProof {

    public enum Status {
        PENDING,
        PROVEN,
        EXPIRED
    }

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(nullable = false)
    public String domain;

    @Column(nullable = false)
    public String token;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(nullable = false)
    public Instant deadline;

    @Column(name = "proven_at")
    public Instant provenAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "proven_by")
    public CheckResult.Method provenBy;
}
