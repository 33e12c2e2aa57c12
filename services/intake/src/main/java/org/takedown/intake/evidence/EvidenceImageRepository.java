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

    public boolean anyUndecodable(UUID requestId) {
        return count("requestId = ?1 and checkStatus = ?2", requestId, EvidenceImage.CheckStatus.UNDECODABLE) > 0;
    }
}
