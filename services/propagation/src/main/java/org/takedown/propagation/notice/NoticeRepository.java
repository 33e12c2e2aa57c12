package org.takedown.propagation.notice;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.takedown.events.RemovalItem;

@ApplicationScoped
public class NoticeRepository implements PanacheRepositoryBase<Notice, UUID> {

    /** The request's removal notices (not reminders or reversals), locked in id order so concurrent reports serialise. */
    public List<Notice> lockRemovalsOf(UUID requestId) {
        return getEntityManager()
                .createQuery("FROM Notice WHERE requestId = :request AND kind = :kind ORDER BY id", Notice.class)
                .setParameter("request", requestId)
                .setParameter("kind", Notice.Kind.REMOVAL)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    private static final String INSERT = "INSERT INTO notice (id, kind, request_id, vendor_id, endpoint_id, endpoint_url,"
            + " item_count, payload, status, attempts, next_attempt_at, created_at, subject_notice_id, carried_to_release)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)";

    /**
     * Inserts new notices in one JDBC batch (one round trip, no entities kept in the persistence context): planning a
     * decision for hundreds of vendors. The notices are not managed afterwards; load them to change them.
     */
    public void insertAll(List<Notice> planned) {
        if (planned.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Notice n : planned) {
                    insert.setObject(1, n.id);
                    insert.setString(2, n.kind.name());
                    insert.setObject(3, n.requestId);
                    insert.setString(4, n.vendorId);
                    insert.setObject(5, n.endpointId);
                    insert.setString(6, n.endpointUrl);
                    insert.setInt(7, n.itemCount);
                    insert.setString(8, n.payload);
                    insert.setString(9, n.status.name());
                    insert.setObject(10, n.nextAttemptAt.atOffset(ZoneOffset.UTC));
                    insert.setObject(11, n.createdAt.atOffset(ZoneOffset.UTC));
                    insert.setObject(12, n.subjectNoticeId);
                    insert.setString(13, n.carriedToRelease);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** The removal notices planned for the request's decision itself (not for carry-overs), by vendor. */
    /** Every notice of a request, oldest first (index notice_request). */
    public List<Notice> allOf(UUID requestId) {
        return list("requestId = ?1 order by createdAt, id", requestId);
    }

    public List<Notice> decisionNoticesOf(UUID requestId) {
        return list("requestId = ?1 and kind = ?2 and carriedToRelease is null order by createdAt, id", requestId,
                Notice.Kind.REMOVAL);
    }

    /** Remembers reversed items of a request with the time of their reversal (see {@link #reversedSince}). */
    public void recordReversedItems(UUID requestId, List<RemovalItem> items, String reasonCode, Instant at) {
        for (RemovalItem item : items) {
            getEntityManager().createNativeQuery("INSERT INTO reversed_item (request_id, item_id, url, reason_code, reversed_at)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, requestId).setParameter(2, item.itemId()).setParameter(3, item.url())
                    .setParameter(4, reasonCode).setParameter(5, at).executeUpdate();
        }
    }

    /** The request's items that a reversal made at or after {@code decidedAt} reversed. */
    public List<RemovalItem> reversedSince(UUID requestId, Instant decidedAt) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery(
                "SELECT item_id, url FROM reversed_item WHERE request_id = ?1 AND reversed_at >= ?2")
                .setParameter(1, requestId).setParameter(2, decidedAt).getResultList();
        return rows.stream().map(r -> new RemovalItem((String) r[0], (String) r[1])).toList();
    }

    public boolean isWithdrawn(UUID requestId) {
        return !getEntityManager().createNativeQuery("SELECT 1 FROM withdrawn_request WHERE request_id = ?1")
                .setParameter(1, requestId).getResultList().isEmpty();
    }

    /** Records the withdrawal; whether it was new. */
    public boolean recordWithdrawal(UUID requestId, Instant at) {
        return getEntityManager().createNativeQuery(
                "INSERT INTO withdrawn_request (request_id, withdrawn_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, requestId).setParameter(2, at).executeUpdate() == 1;
    }
}
