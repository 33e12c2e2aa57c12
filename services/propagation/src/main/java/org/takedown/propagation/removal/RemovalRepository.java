package org.takedown.propagation.removal;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class RemovalRepository implements PanacheRepositoryBase<Removal, Long> {

    /** A transaction-scoped advisory lock that serialises writers, so ids commit in order. */
    private static final long WRITE_LOCK = 0x7a6b_0001L;

    public void lockForWriting() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, WRITE_LOCK).getSingleResult();
    }

    public List<Removal> after(long cursor, int limit) {
        return find("id > ?1 order by id", cursor).page(0, limit).list();
    }

    /** The request's removals that are not reversed, in order. */
    public List<Removal> standingOf(UUID requestId) {
        return list("requestId = ?1 and kind = ?2 and reversedAt is null order by id", requestId, Removal.REMOVAL);
    }

    /**
     * The standing item removals of {@code datasetId} not yet looked up in its release {@code releaseId} (no
     * {@code carry_over} row), decided in other releases, in order: what a carry-over to that release looks up.
     */
    @SuppressWarnings("unchecked")
    public List<Removal> notCarriedTo(String datasetId, String releaseId) {
        return getEntityManager().createNativeQuery("SELECT r.* FROM removal r WHERE r.dataset_id = ?1"
                + " AND r.kind = 'REMOVAL' AND r.reversed_at IS NULL AND r.rule_key IS NULL"
                + " AND r.release_id IS DISTINCT FROM ?2"
                + " AND NOT EXISTS (SELECT 1 FROM carry_over c WHERE c.removal_id = r.id AND c.release_id = ?2)"
                + " ORDER BY r.id", Removal.class).setParameter(1, datasetId).setParameter(2, releaseId).getResultList();
    }

    /** Records that {@code removal} was looked up in {@code releaseId} and what was found; false if it was before. */
    public boolean carriedOver(Removal removal, String releaseId, String outcome, Instant at) {
        return getEntityManager().createNativeQuery("INSERT INTO carry_over (removal_id, release_id, dataset_id, request_id,"
                + " outcome, looked_up_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
                .setParameter(1, removal.id).setParameter(2, releaseId).setParameter(3, removal.datasetId)
                .setParameter(4, removal.requestId).setParameter(5, outcome).setParameter(6, at).executeUpdate() == 1;
    }

    /** The item ids the request removed in {@code datasetId/releaseId} and has not reversed. */
    public Set<String> itemsRemovedIn(UUID requestId, String datasetId, String releaseId) {
        return list("requestId = ?1 and datasetId = ?2 and releaseId = ?3 and kind = ?4 and reversedAt is null"
                + " and ruleKey is null", requestId, datasetId, releaseId, Removal.REMOVAL).stream()
                .map(r -> r.itemId).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /** Which of these normalised URLs are removed and not reversed. */
    public Set<String> removedAmong(Collection<String> urls) {
        if (urls.isEmpty()) {
            return Set.of();
        }
        // One text parameter split in PostgreSQL instead of an IN list of up to 10,000 bind parameters: the
        // statement stays small and its plan (an index scan on removal_url for = ANY) is reused. Normalised
        // URLs are valid URIs (NormalizedUrl parses them with java.net.URI), which never hold a raw line feed.
        String joined = urls.stream().filter(u -> u.indexOf('\n') < 0).collect(Collectors.joining("\n"));
        @SuppressWarnings("unchecked")
        List<String> found = getEntityManager().createNativeQuery("SELECT DISTINCT url FROM removal"
                + " WHERE url = ANY (string_to_array(CAST(?1 AS text), chr(10))) AND kind = 'REMOVAL' AND reversed_at IS NULL"
                + " AND rule_key IS NULL", String.class).setParameter(1, joined).getResultList();
        return new HashSet<>(found);
    }

    /** Which of these tagged rule keys ({@code DOMAIN:…}, {@code PREFIX:…}) a standing rule has. */
    public Set<String> rulesAmong(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        String joined = keys.stream().filter(k -> k.indexOf('\n') < 0).collect(Collectors.joining("\n"));
        @SuppressWarnings("unchecked")
        List<String> found = getEntityManager().createNativeQuery("SELECT DISTINCT rule_key FROM removal"
                + " WHERE rule_key = ANY (string_to_array(CAST(?1 AS text), chr(10))) AND kind = 'REMOVAL' AND reversed_at IS NULL",
                String.class).setParameter(1, joined).getResultList();
        return new HashSet<>(found);
    }

    /** The PDQ hashes of standing removals. */
    public List<String> standingPdq() {
        return getEntityManager()
                .createQuery("SELECT DISTINCT r.pdq FROM Removal r WHERE r.pdq IS NOT NULL AND r.kind = :kind AND r.reversedAt IS NULL",
                        String.class)
                .setParameter("kind", Removal.REMOVAL)
                .getResultList();
    }

    /** Which of these PDQ hashes a standing removal has. */
    public Set<String> standingPdqAmong(Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(getEntityManager()
                .createQuery("SELECT DISTINCT r.pdq FROM Removal r WHERE r.pdq IN :hashes AND r.kind = :kind AND r.reversedAt IS NULL",
                        String.class)
                .setParameter("hashes", hashes).setParameter("kind", Removal.REMOVAL).getResultList());
    }

    public List<Removal> ofRelease(String datasetId, String releaseId) {
        if (releaseId == null) {
            return list("datasetId = ?1 and kind = ?2 order by id", datasetId, Removal.REMOVAL);
        }
        return list("datasetId = ?1 and releaseId = ?2 and kind = ?3 order by id", datasetId, releaseId, Removal.REMOVAL);
    }
}
