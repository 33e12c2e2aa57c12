package org.takedown.propagation.notice;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Leases due notices in one statement (one PostgreSQL round trip, no entity load or flush): the due rows are locked
 * with {@code SKIP LOCKED} (so other dispatcher replicas take others), at most {@code free} per endpoint and
 * {@code limit} in all are chosen in due order, and their {@code leased_until} is set to the end of the lease. That
 * column is in no index, so the lease is a HOT update (the row changes in place on its page, no index is touched;
 * migration V7). A notice is due when its {@code next_attempt_at} has come and it is not leased, or its lease ran out.
 */
@ApplicationScoped
class NoticeLeases {

    private static final String LEASE = """
            WITH due AS (
                SELECT id, endpoint_url, next_attempt_at FROM notice
                WHERE status = 'PENDING' AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
                  AND NOT (endpoint_url = ANY (?))
                ORDER BY next_attempt_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED),
            ranked AS (
                SELECT id, endpoint_url, next_attempt_at,
                       row_number() OVER (PARTITION BY endpoint_url ORDER BY next_attempt_at, id) AS position
                FROM due),
            chosen AS (
                SELECT r.id, r.next_attempt_at FROM ranked r
                LEFT JOIN unnest(?::text[], ?::int[]) AS f(url, free) ON f.url = r.endpoint_url
                WHERE r.position <= COALESCE(f.free, ?)
                ORDER BY r.next_attempt_at, r.id
                LIMIT ?)
            UPDATE notice n SET leased_until = ?
            FROM chosen c WHERE n.id = c.id
            RETURNING n.id, n.vendor_id, n.endpoint_url, n.payload, c.next_attempt_at
            """;

    private static final String DELIVERED = """
            UPDATE notice SET status = 'DELIVERED', attempts = attempts + 1, delivered_at = ?, last_error = NULL, leased_until = NULL,
                acknowledgement_due_at = CASE WHEN kind = 'REMOVAL' AND vendor_state IS DISTINCT FROM 'APPLIED'
                    THEN ? ELSE acknowledgement_due_at END
            WHERE id = ANY (?) AND status = 'PENDING'
            RETURNING id, request_id, vendor_id, item_count, kind
            """;

    private static final String RELEASE = "UPDATE notice SET leased_until = NULL WHERE id = ANY (?) AND status = 'PENDING'";

    private final AgroalDataSource dataSource;

    NoticeLeases(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A leased notice and when it was due (the order the dispatcher admits them in). */
    record Leased(Notice notice, Instant dueBefore) {
    }

    /**
     * Leases due notices until {@code until}.
     *
     * @param scan how many due rows to look at (and lock) at most
     * @param limit how many to lease at most
     * @param skipUrls endpoints not to lease for
     * @param free per endpoint URL, how many may still start; endpoints not named take {@code perEndpoint}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<Leased> lease(Instant now, Instant until, int scan, int limit, Collection<String> skipUrls, Map<String, Integer> free,
            int perEndpoint) {
        String[] urls = free.keySet().toArray(String[]::new);
        Integer[] counts = new Integer[urls.length];
        for (int i = 0; i < urls.length; i++) {
            counts[i] = free.get(urls[i]);
        }
        List<Leased> leased = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement lease = c.prepareStatement(LEASE)) {
            OffsetDateTime asOf = now.atOffset(ZoneOffset.UTC);
            lease.setObject(1, asOf);
            lease.setObject(2, asOf);
            lease.setArray(3, c.createArrayOf("text", skipUrls.toArray()));
            lease.setInt(4, scan);
            lease.setArray(5, c.createArrayOf("text", urls));
            lease.setArray(6, c.createArrayOf("int4", counts));
            lease.setInt(7, perEndpoint);
            lease.setInt(8, limit);
            lease.setObject(9, until.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = lease.executeQuery()) {
                while (rs.next()) {
                    Notice notice = new Notice();
                    notice.id = rs.getObject(1, UUID.class);
                    notice.vendorId = rs.getString(2);
                    notice.endpointUrl = rs.getString(3);
                    notice.payload = rs.getString(4);
                    notice.status = Notice.Status.PENDING;
                    notice.nextAttemptAt = rs.getObject(5, OffsetDateTime.class).toInstant();
                    notice.leasedUntil = until;
                    leased.add(new Leased(notice, notice.nextAttemptAt));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("leasing due notices failed", e);
        }
        // In due order, as the dispatcher admits them.
        leased.sort((a, b) -> a.dueBefore().compareTo(b.dueBefore()));
        return leased;
    }

    /** A notice {@link #delivered} marked delivered. */
    record Delivered(UUID id, UUID requestId, String vendorId, int itemCount, Notice.Kind kind) {
    }

    /**
     * Marks the still pending ones of {@code ids} delivered at {@code at}, in one statement: one attempt more, no error,
     * and for a removal notice not yet applied the acknowledgement due at {@code acknowledgementDue}. Those it marked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<Delivered> delivered(Collection<UUID> ids, Instant at, Instant acknowledgementDue) {
        List<Delivered> marked = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(DELIVERED)) {
            update.setObject(1, at.atOffset(ZoneOffset.UTC));
            update.setObject(2, acknowledgementDue.atOffset(ZoneOffset.UTC));
            update.setArray(3, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    marked.add(new Delivered(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getInt(4), Notice.Kind.valueOf(rs.getString(5))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording deliveries failed", e);
        }
        return marked;
    }

    /** Gives leases back that were not used: the notices are due again as they were before, in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    void release(List<Leased> unused) {
        if (unused.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement release = c.prepareStatement(RELEASE)) {
            release.setArray(1, c.createArrayOf("uuid", unused.stream().map(l -> l.notice().id).toArray()));
            release.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("giving leases back failed", e);
        }
    }
}
