package org.takedown.intake.email;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ClaimantMailRepository implements PanacheRepositoryBase<ClaimantMail, UUID> {

    /** Unsent mails, oldest first, locked so that another replica's job skips them. */
    @SuppressWarnings("unchecked")
    public List<ClaimantMail> lockUnsent(int limit, int maxAttempts) {
        return getEntityManager().createNativeQuery("SELECT * FROM claimant_mail WHERE sent_at IS NULL AND attempts < :max "
                + "ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED", ClaimantMail.class)
                .setParameter("max", maxAttempts).setParameter("limit", limit).getResultList();
    }

    public List<ClaimantMail> confirmationsOf(UUID requestId) {
        return list("requestId = ?1 and kind = ?2", requestId, ClaimantMail.Kind.CONFIRM_ADDRESS);
    }
}
