package org.takedown.intake.evidence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.takedown.web.security.Roles;

/** Writes and reads the append-only log of evidence reads (V6__evidence_access_log.sql). */
@ApplicationScoped
public class EvidenceAccessLog {

    public enum Action {
        /** The list of a request's images (sizes, hashes; no pixels). */
        LISTED,
        /** One image's pixels. */
        VIEWED,
        /** A claimant's reply (an answer or the grounds of an appeal). */
        REPLY_READ,
        /** The claimant downloaded everything held about their request (GDPR Art. 15). */
        EXPORTED,
        /** A request's free-text queries (e.g. a name to find in captions). */
        TEXT_QUERIES_READ,
        /** The PDQ hashes of images the claimant hashed on their device (no pixels exist). */
        HASHES_READ
    }

    /** The actor of a claimant's own reads: claimants have no account, their capability token opened the request. */
    public static final String CLAIMANT = "claimant";

    public record Entry(long id, Instant occurredAt, String actor, List<String> actorRoles, String clientId, String action,
            UUID requestId, UUID evidenceId, String purpose, UUID replyId) {
    }

    private static final List<String> ROLES = List.of(Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.ADMIN, Roles.SERVICE);
    private static final int MAX_PURPOSE = 200;

    private final EntityManager entityManager;

    EvidenceAccessLog(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** In the transaction of the read: no read without its line. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(SecurityIdentity identity, Action action, UUID requestId, UUID evidenceId, String purpose) {
        insert(identity.getPrincipal().getName(), String.join(",", ROLES.stream().filter(identity::hasRole).toList()),
                clientOf(identity), action, requestId, evidenceId, null, purpose);
    }

    /** A reviewer, admin or service read a claimant's reply. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordReply(SecurityIdentity identity, UUID requestId, UUID replyId, String purpose) {
        insert(identity.getPrincipal().getName(), String.join(",", ROLES.stream().filter(identity::hasRole).toList()),
                clientOf(identity), Action.REPLY_READ, requestId, null, replyId, purpose);
    }

    /** The claimant (with their capability token) read their own data. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordClaimant(Action action, UUID requestId, String purpose) {
        insert(CLAIMANT, "", null, action, requestId, null, null, purpose);
    }

    private static String clientOf(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken token && token.getClaim("azp") != null
                ? token.getClaim("azp").toString() : null;
    }

    private void insert(String actor, String roles, String client, Action action, UUID requestId, UUID evidenceId,
            UUID replyId, String purpose) {
        entityManager.createNativeQuery("""
                INSERT INTO evidence_access_log (occurred_at, actor, actor_roles, client_id, action, request_id, evidence_id,
                                                 reply_id, purpose)
                VALUES (:at, :actor, :roles, :client, :action, :request, :evidence, :reply, :purpose)""")
                .setParameter("at", Timestamp.from(Instant.now()))
                .setParameter("actor", actor)
                .setParameter("roles", roles)
                .setParameter("client", client)
                .setParameter("action", action.name())
                .setParameter("request", requestId)
                .setParameter("evidence", evidenceId)
                .setParameter("reply", replyId)
                .setParameter("purpose", purpose == null ? null : purpose.substring(0, Math.min(purpose.length(), MAX_PURPOSE)))
                .executeUpdate();
    }

    /** Newest first, optionally of one request. */
    @SuppressWarnings("unchecked")
    public List<Entry> search(UUID requestId, int limit) {
        String where = requestId == null ? "" : " WHERE request_id = :request";
        var query = entityManager.createNativeQuery("SELECT id, occurred_at, actor, actor_roles, client_id, action, request_id, "
                + "evidence_id, purpose, reply_id FROM evidence_access_log" + where + " ORDER BY id DESC LIMIT :limit");
        if (requestId != null) {
            query.setParameter("request", requestId);
        }
        List<Object[]> rows = query.setParameter("limit", limit).getResultList();
        return rows.stream().map(row -> new Entry(((Number) row[0]).longValue(), toInstant(row[1]), (String) row[2],
                ((String) row[3]).isEmpty() ? List.of() : List.of(((String) row[3]).split(",")), (String) row[4], (String) row[5],
                (UUID) row[6], (UUID) row[7], (String) row[8], (UUID) row[9])).toList();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
