package org.takedown.review.cases;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.takedown.events.ClaimType;

@ApplicationScoped
public class ReviewCaseRepository implements PanacheRepositoryBase<ReviewCase, UUID> {

    /** What the console's queue lists: cases still waiting for a decision, proposals included. */
    private static final List<ReviewCase.Status> UNDECIDED = List.of(ReviewCase.Status.OPEN, ReviewCase.Status.PROPOSED);

    public Optional<ReviewCase> findByRequestId(UUID requestId) {
        return find("requestId", requestId).firstResultOptional();
    }

    /** Open cases, most urgent first. */
    public List<ReviewCase> queue(ReviewCase.Status status, int limit) {
        return find("status", Sort.ascending("dueAt"), status).page(0, limit).list();
    }

    /** Undecided cases (open or proposed) matching the console's filters, most urgent first. */
    public List<ReviewCase> openCases(QueueFilter filter, Instant now, int limit) {
        StringBuilder query = new StringBuilder("status in :open");
        Parameters parameters = Parameters.with("open", UNDECIDED);
        if (filter.claimType() != null) {
            query.append(" and claimType = :claimType");
            parameters.and("claimType", filter.claimType());
        }
        if (filter.datasetId() != null) {
            query.append(" and datasetId = :datasetId");
            parameters.and("datasetId", filter.datasetId());
        }
        if (filter.overdueOnly()) {
            query.append(" and dueAt < :now");
            parameters.and("now", now);
        }
        return find(query.toString(), Sort.ascending("dueAt").and("id"), parameters).page(0, limit).list();
    }

    /** Counts at a glance: all open cases, those overdue, and those due before {@code soon}. */
    public QueueCounts openCounts(Instant now, Instant soon) {
        Object[] row = (Object[]) getEntityManager().createQuery(
                "select count(c), sum(case when c.dueAt < :now then 1 else 0 end),"
                        + " sum(case when c.dueAt >= :now and c.dueAt < :soon then 1 else 0 end)"
                        + " from ReviewCase c where c.status in :open")
                .setParameter("now", now).setParameter("soon", soon).setParameter("open", UNDECIDED)
                .getSingleResult();
        return new QueueCounts(number(row[0]), number(row[1]), number(row[2]));
    }

    /** The data sets that have open cases, for the console's filter. */
    public List<String> openDatasets() {
        return getEntityManager().createQuery(
                "select distinct c.datasetId from ReviewCase c where c.status in :open order by c.datasetId", String.class)
                .setParameter("open", UNDECIDED).getResultList();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** What the queue is narrowed to; null fields are not filtered on. */
    public record QueueFilter(ClaimType claimType, String datasetId, boolean overdueOnly) {
    }

    public record QueueCounts(long open, long overdue, long dueSoon) {
    }
}
