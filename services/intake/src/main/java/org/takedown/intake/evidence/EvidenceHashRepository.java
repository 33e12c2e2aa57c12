package org.takedown.intake.evidence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EvidenceHashRepository implements PanacheRepositoryBase<EvidenceHash, UUID> {

    public long countFor(UUID requestId) {
        return count("requestId", requestId);
    }

    public List<EvidenceHash> listFor(UUID requestId) {
        return list("requestId = ?1 order by position", requestId);
    }
}
