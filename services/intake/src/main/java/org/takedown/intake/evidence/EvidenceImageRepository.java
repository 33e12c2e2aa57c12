package org.takedown.intake.evidence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class EvidenceImageRepository implements PanacheRepositoryBase<EvidenceImage, UUID> {

    public long countFor(UUID requestId) {
        return count("requestId", requestId);
    }
}
