package org.takedown.intake.dialogue;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ClaimantReplyRepository implements PanacheRepositoryBase<ClaimantReply, UUID> {

    public boolean appealed(UUID requestId) {
        return count("requestId = ?1 and kind = ?2", requestId, ClaimantReply.Kind.APPEAL) > 0;
    }

    public List<ClaimantReply> allOf(UUID requestId) {
        return list("requestId = ?1 order by receivedAt", requestId);
    }
}
