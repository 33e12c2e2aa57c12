package org.takedown.propagation.notice;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class NoticeRepository implements PanacheRepositoryBase<Notice, UUID> {

    /**
     * Due notices, locked so that other dispatcher replicas skip them; the caller leases them by
     * moving {@code nextAttemptAt} before the transaction ends.
     */
    public List<Notice> lockDue(Instant now, int limit) {
        return getEntityManager()
                .createQuery("FROM Notice WHERE status = :status AND nextAttemptAt <= :now ORDER BY nextAttemptAt", Notice.class)
                .setParameter("status", Notice.Status.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                .getResultList();
    }

    public long countOpen(UUID requestId) {
        return count("requestId = ?1 and status <> ?2", requestId, Notice.Status.DELIVERED);
    }

    public long countFor(UUID requestId) {
        return count("requestId", requestId);
    }
}
