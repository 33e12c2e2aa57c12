package org.takedown.intake.evidence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class EvidenceImageRepository implements PanacheRepositoryBase<EvidenceImage, UUID> {

    public long countFor(UUID requestId) {
        return count("requestId", requestId);
    }

    /** Images of the request not yet proven to decode. */
    public long countUnchecked(UUID requestId) {
        return count("requestId = ?1 and checkStatus = ?2", requestId, EvidenceImage.CheckStatus.PENDING);
    }

    /** How many images of a request there are, and how many are pending and undecodable. */
    public record Tally(long total, long pending, long undecodable) {
    }

    /** The request's images by check status, in one query (the evidence check asks this per request). */
    public Tally tally(UUID requestId) {
        long pending = 0;
        long undecodable = 0;
        long total = 0;
        java.util.List<Object[]> rows = getEntityManager().createQuery(
                "select i.checkStatus, count(i) from EvidenceImage i where i.requestId = ?1 group by i.checkStatus",
                Object[].class).setParameter(1, requestId).getResultList();
        for (Object[] row : rows) {
            long count = ((Number) row[1]).longValue();
            total += count;
            if (row[0] == EvidenceImage.CheckStatus.PENDING) {
                pending = count;
            } else if (row[0] == EvidenceImage.CheckStatus.UNDECODABLE) {
                undecodable = count;
            }
        }
        return new Tally(total, pending, undecodable);
    }

    public boolean anyUndecodable(UUID requestId) {
        return count("requestId = ?1 and checkStatus = ?2", requestId, EvidenceImage.CheckStatus.UNDECODABLE) > 0;
    }
}
