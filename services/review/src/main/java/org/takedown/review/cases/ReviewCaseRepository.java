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
    /** Finished cases: decided, reversed, withdrawn. */
    private static final List<ReviewCase.Status> CLOSED = List.of(ReviewCase.Status.DECIDED, ReviewCase.Status.REVERSED,
            ReviewCase.Status.WITHDRAWN);

    public Optional<ReviewCase> findByRequestId(UUID requestId) {
        return find("requestId = ?1 and carriedToRelease is null", requestId).firstResultOptional();
    }

    /** Every case of the request: its own first, then its carry-over cases (ADR 017) in the order they were opened. */
    public List<ReviewCase> allOfRequest(UUID requestId) {
        return list("requestId = ?1 order by case when carriedToRelease is null then 0 else 1 end, openedAt", requestId);
    }

    /** The request's carry-over case for a release, if there is one. */
    public Optional<ReviewCase> carryOverCase(UUID requestId, String releaseId) {
        return find("requestId = ?1 and carriedToRelease = ?2", requestId, releaseId).firstResultOptional();
    }

    /** Open cases, most urgent first. */
    public List<ReviewCase> queue(ReviewCase.Status status, int limit) {
        return find("status", Sort.ascending("dueAt"), status).page(0, limit).list();
    }

    /** Cases matching the queue's filters, most urgent first. */
    public List<ReviewCase> openCases(QueueFilter filter, Instant now, int limit) {
        return openCases(filter, now, 0, limit);
    }

    /** Rows {@code [offset, offset + limit)} of the cases the filter selects, in its order. */
    public List<ReviewCase> openCases(QueueFilter filter, Instant now, int offset, int limit) {
        StringBuilder query = new StringBuilder();
        Parameters parameters = new Parameters();
        switch (filter.show()) {
            case OPEN -> {
                query.append("status in :statuses");
                parameters.and("statuses", UNDECIDED);
            }
            case WAITING -> {
                query.append("status = :status");
                parameters.and("status", ReviewCase.Status.WAITING_FOR_CLAIMANT);
            }
            case CLOSED -> {
                query.append("status in :statuses");
                parameters.and("statuses", CLOSED);
            }
            case DISPUTED -> query.append("disputedBy is not null");
        }
        if (filter.claimType() != null) {
            query.append(" and claimType = :claimType");
            parameters.and("claimType", filter.claimType());
        }
        if (filter.datasetId() != null) {
            query.append(" and datasetId = :datasetId");
            parameters.and("datasetId", filter.datasetId());
        }
        if (filter.site() != null) {
            // Cases with at least one item on the site (the host or a subdomain), for deciding them together.
            query.append(" and id in (select k.reviewCase.id from CaseCandidate k where k.host = :site or k.host like :subdomains)");
            parameters.and("site", filter.site()).and("subdomains", "%." + filter.site());
        }
        if (filter.overdueOnly()) {
            query.append(" and dueAt < :now");
            parameters.and("now", now);
        }
        switch (filter.assignee()) {
            case ME -> {
                query.append(" and assignee = :me");
                parameters.and("me", filter.me());
            }
            case UNASSIGNED -> query.append(" and assignee is null");
            case ANYONE -> {
            }
        }
        ReviewCase after = filter.after() == null ? null : findById(filter.after());
        if (after != null) {
            // Keyset paging: the rows after the last one shown, in the same order, found through the index instead of
            // counting past every earlier row as an offset does.
            query.append(" and ").append(after(filter, parameters, after));
            offset = 0;
        }
        Sort sort = switch (filter.order()) {
            case DEFAULT -> filter.show() == QueueFilter.Show.CLOSED || filter.show() == QueueFilter.Show.DISPUTED
                    ? Sort.descending("openedAt").and("id") : Sort.ascending("dueAt").and("id");
            case DUE -> Sort.ascending("dueAt").and("id");
            case NEWEST -> Sort.descending("openedAt").and("id");
            case OLDEST -> Sort.ascending("openedAt").and("id");
            case MOST_CANDIDATES -> Sort.descending("totalCandidates").and("dueAt").and("id");
        };
        return find(query.toString(), sort, parameters).range(offset, offset + limit - 1).list();
    }

    /** The condition "comes after {@code last}" in the filter's order (each order ends with the id, ascending). */
    private static String after(QueueFilter filter, Parameters parameters, ReviewCase last) {
        parameters.and("afterId", last.id);
        boolean newestFirst = filter.order() == QueueFilter.Order.NEWEST || (filter.order() == QueueFilter.Order.DEFAULT
                && (filter.show() == QueueFilter.Show.CLOSED || filter.show() == QueueFilter.Show.DISPUTED));
        return switch (filter.order()) {
            case MOST_CANDIDATES -> {
                parameters.and("afterCount", last.totalCandidates).and("afterDue", last.dueAt);
                yield "(totalCandidates < :afterCount or (totalCandidates = :afterCount and (dueAt > :afterDue"
                        + " or (dueAt = :afterDue and id > :afterId))))";
            }
            case OLDEST -> {
                parameters.and("afterOpened", last.openedAt);
                yield "(openedAt > :afterOpened or (openedAt = :afterOpened and id > :afterId))";
            }
            default -> {
                if (newestFirst) {
                    parameters.and("afterOpened", last.openedAt);
                    yield "(openedAt < :afterOpened or (openedAt = :afterOpened and id > :afterId))";
                }
                parameters.and("afterDue", last.dueAt);
                yield "(dueAt > :afterDue or (dueAt = :afterDue and id > :afterId))";
            }
        };
    }

    /** Counts at a glance: all open cases, those overdue, due before {@code soon}, and assigned to {@code me}. */
    public QueueCounts openCounts(Instant now, Instant soon, String me) {
        Object[] row = (Object[]) getEntityManager().createQuery(
                "select count(c), sum(case when c.dueAt < :now then 1 else 0 end),"
                        + " sum(case when c.dueAt >= :now and c.dueAt < :soon then 1 else 0 end),"
                        + " sum(case when c.assignee = :me then 1 else 0 end)"
                        + " from ReviewCase c where c.status in :open")
                .setParameter("now", now).setParameter("soon", soon).setParameter("open", UNDECIDED)
                .setParameter("me", me == null ? "" : me)
                .getSingleResult();
        return new QueueCounts(number(row[0]), number(row[1]), number(row[2]), number(row[3]));
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

    /**
     * What the queue is narrowed to; null fields are not filtered on. {@code me} is the person asking (for
     * {@link Assignee#ME}). {@code after}: the last case of the previous page (keyset paging; {@code page} then only
     * numbers the page), else {@code page} rows are skipped.
     */
    public record QueueFilter(ClaimType claimType, String datasetId, boolean overdueOnly, Assignee assignee, String me,
            Show show, Order order, int page, String site, UUID after) {

        /** How the rows are ordered; DEFAULT is by deadline for cases to decide, newest first for closed and disputed ones. */
        public enum Order {
            DEFAULT,
            DUE,
            NEWEST,
            OLDEST,
            MOST_CANDIDATES
        }

        /** Which cases: those to decide, those waiting for the claimant, those a vendor disputed, closed ones. */
        public enum Show {
            OPEN,
            WAITING,
            DISPUTED,
            CLOSED
        }

        public enum Assignee {
            ANYONE,
            ME,
            UNASSIGNED
        }

        public QueueFilter {
            assignee = assignee == null ? Assignee.ANYONE : assignee;
            show = show == null ? Show.OPEN : show;
            order = order == null ? Order.DEFAULT : order;
            if (page < 0) {
                throw new IllegalArgumentException("page must not be negative");
            }
        }

        /** Without a site: every case the other filters select; {@code page} counted from the first row. */
        public QueueFilter(ClaimType claimType, String datasetId, boolean overdueOnly, Assignee assignee, String me, Show show,
                Order order, int page) {
            this(claimType, datasetId, overdueOnly, assignee, me, show, order, page, null, null);
        }

        public QueueFilter(ClaimType claimType, String datasetId, boolean overdueOnly, Assignee assignee, String me, Show show) {
            this(claimType, datasetId, overdueOnly, assignee, me, show, Order.DEFAULT, 0);
        }

        public QueueFilter(ClaimType claimType, String datasetId, boolean overdueOnly) {
            this(claimType, datasetId, overdueOnly, Assignee.ANYONE, null, Show.OPEN);
        }
    }

    public record QueueCounts(long open, long overdue, long dueSoon, long mine) {
    }
}
