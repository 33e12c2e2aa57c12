package org.takedown.review.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;

import org.takedown.review.cases.Reviewer;

/**
 * Writes the audit log in the transaction of what it records: a decision and its audit line are
 * committed together or not at all.
 */
@ApplicationScoped
public class AuditLog implements PanacheRepository<AuditEntry> {

    private final Reviewer reviewer;

    AuditLog(Reviewer reviewer) {
        this.reviewer = reviewer;
    }

    /** Records what the current caller did. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(AuditEntry.Action action, UUID caseId, UUID requestId, String reason) {
        record(reviewer.currentId(), String.join(",", reviewer.currentRoles()), action, caseId, requestId, reason);
    }

    /** Records what a named actor did (e.g. {@link Reviewer#AUTO_APPROVER}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String roles, AuditEntry.Action action, UUID caseId, UUID requestId, String reason) {
        AuditEntry entry = new AuditEntry();
        entry.occurredAt = Instant.now();
        entry.actor = actor;
        entry.actorRoles = roles;
        entry.action = action;
        entry.caseId = caseId;
        entry.requestId = requestId;
        entry.reason = reason;
        persist(entry);
    }

    /** Newest first, optionally of one case, one request or one actor. */
    public List<AuditEntry> search(UUID caseId, UUID requestId, String actor, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (caseId != null) {
            query.append(" and caseId = :caseId");
            parameters.and("caseId", caseId);
        }
        if (requestId != null) {
            query.append(" and requestId = :requestId");
            parameters.and("requestId", requestId);
        }
        if (actor != null) {
            query.append(" and actor = :actor");
            parameters.and("actor", actor);
        }
        return find(query + " order by id desc", parameters).page(0, limit).list();
    }
}
