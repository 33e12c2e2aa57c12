package org.takedown.review.cases;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ReviewCaseRepository implements PanacheRepositoryBase<ReviewCase, UUID> {

    public Optional<ReviewCase> findByRequestId(UUID requestId) {
        return find("requestId", requestId).firstResultOptional();
    }

    /** Open cases, most urgent first. */
    public List<ReviewCase> queue(ReviewCase.Status status, int limit) {
        return find("status", Sort.ascending("dueAt"), status).page(0, limit).list();
    }
}
