package org.takedown.review.cases;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Verification's risk score for a request and the flags behind it, shown next to the case. */
@Entity
@Table(name = "request_risk")
public class RequestRisk {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "risk_score", nullable = false)
    public int riskScore;

    /** Comma-separated flags, e.g. {@code MANY_TARGETS}. */
    @Column(nullable = false)
    public String flags;

    @Column(name = "verified_at", nullable = false)
    public Instant verifiedAt;

    /** The domains and URL prefixes the request names, one a line (empty when none). */
    @Column(nullable = false)
    public String domains = "";

    public List<String> domainList() {
        return domains.isEmpty() ? List.of() : Arrays.asList(domains.split("\n"));
    }

    public List<String> flagList() {
        return flags.isEmpty() ? List.of() : Arrays.asList(flags.split(","));
    }
}
