package org.takedown.review.audit;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** One line of the audit log; never changed once written (see V3__audit_log.sql). */
@Entity
@Immutable
@Table(name = "audit_log")
public class AuditEntry {

    public enum Action {
        /** A reviewer or admin opened a case: the claim and its candidates. */
        CASE_VIEWED,
        /** A case was approved (all or some items) or denied. */
        DECISION_MADE,
        /** An approval that needs a second reviewer was proposed (four eyes). */
        DECISION_PROPOSED,
        /** A claimant's evidence image was shown (fetched from intake, which logs the read too). */
        EVIDENCE_VIEWED,
        /** A candidate was opened beside the claimant's evidence (reason: which item). */
        CANDIDATE_COMPARED,
        /** Someone took the case or was given it (reason: to whom). */
        ASSIGNED,
        /** The case was given back to the queue (reason: from whom). */
        UNASSIGNED,
        /** The claimant was asked for more information; the clock stands still. */
        INFORMATION_REQUESTED,
        /** The claimant answered; the clock runs again. */
        INFORMATION_PROVIDED,
        /** A claimant's reply (answer or appeal grounds) was shown (fetched from intake). */
        REPLY_VIEWED,
        /** The deadline was extended (once per case). */
        DEADLINE_EXTENDED,
        /** The claimant appealed a denial; the case is open again. */
        APPEAL_FILED,
        /** An admin reversed an approval. */
        DECISION_REVERSED,
        /** The claimant withdrew the request. */
        REQUEST_WITHDRAWN,
        /** A vendor disputed a notice of this case. */
        DISPUTE_RECEIVED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false)
    public String actor;

    @Column(name = "actor_roles", nullable = false)
    public String actorRoles;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Action action;

    @Column(name = "case_id")
    public UUID caseId;

    @Column(name = "request_id")
    public UUID requestId;

    public String reason;
}
