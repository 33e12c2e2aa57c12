package org.takedown.verification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Evidence of one check of a proof. */
@Entity
@Table(name = "domain_proof_check")
public class DomainProofCheck {

    @Id
    public UUID id;

    @Column(name = "proof_id", nullable = false)
    public UUID proofId;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CheckResult.Method method;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CheckResult.Result result;

    @Column(nullable = false)
    public String detail;
}
