package org.takedown.review.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.takedown.events.ClaimType;
import org.takedown.review.audit.AuditEntry;
import org.takedown.review.audit.AuditLog;
import org.takedown.review.cases.CaseCandidate;
import org.takedown.review.cases.CaseWorkflow;
import org.takedown.review.cases.RequestRisk;
import org.takedown.review.cases.ReviewConfig;
import org.takedown.review.cases.RequestRiskRepository;
import org.takedown.review.cases.ReviewCase;
import org.takedown.review.cases.ReviewCaseRepository;
import org.takedown.review.cases.ReviewCaseRepository.QueueCounts;
import org.takedown.review.cases.ReviewCaseRepository.QueueFilter;
import org.takedown.web.ProblemException;

/**
 * What the console pages show, read in one transaction each and handed to the templates as plain
 * records (templates render after the transaction has ended).
 */
@ApplicationScoped
public class ConsoleViews {

    /** Cases due within this time stand out in the queue (and are counted as "due soon"). */
    static final Duration SOON_WINDOW = Duration.ofDays(3);
    static final int QUEUE_LIMIT = 200;
    static final int HISTORY_LIMIT = 200;

    private final ReviewCaseRepository cases;
    private final RequestRiskRepository risks;
    private final AuditLog audit;

    private final ReviewConfig config;

    ConsoleViews(ReviewCaseRepository cases, RequestRiskRepository risks, AuditLog audit, ReviewConfig config) {
        this.cases = cases;
        this.risks = risks;
        this.audit = audit;
        this.config = config;
    }

    public record QueueRow(UUID id, String claimType, String datasetId, long candidates, Integer riskScore, Instant openedAt,
            Instant dueAt, Urgency urgency, String status, String assignee, boolean appeal, String disputedBy,
            String disputeReason, long version) {

        public String shortId() {
            return id.toString().substring(0, 8);
        }
    }

    /**
     * One page of the queue ({@link #QUEUE_LIMIT} rows): {@code truncated} says that a next page exists,
     * {@code page} is 0-based and {@code firstRow} the 0-based position of its first row.
     */
    public record Queue(List<QueueRow> rows, QueueCounts counts, boolean truncated, List<String> datasets, int page, int firstRow) {

        /** The last case shown: where the next page starts (keyset paging). */
        public UUID lastId() {
            return rows.isEmpty() ? null : rows.get(rows.size() - 1).id();
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        /** The 1-based page number shown to people and used in links. */
        public int pageNumber() {
            return page + 1;
        }

        public boolean hasNext() {
            return truncated;
        }

        /** 1-based numbers for people: "rows 201–400". */
        public int fromRow() {
            return rows.isEmpty() ? 0 : firstRow + 1;
        }

        public int toRow() {
            return firstRow + rows.size();
        }
    }

    public record CandidateRow(Long id, String itemId, String url, String caption, List<String> signals, double confidence,
            List<String> explanations, Boolean approved, Boolean proposed, String datasetId, String releaseId) {

        public String confidencePercent() {
            return Math.round(confidence * 100) + " %";
        }
    }

    public record HistoryRow(Instant occurredAt, String actor, String actorRoles, String action, String reason) {
    }

    public record DomainCount(String domain, long count) {
    }

    /** What happened to the case besides its decision: assignment, paused clock, extension, appeal, dispute. */
    public record Workflow(String assignee, Instant assignedAt, Instant pausedAt, UUID informationReplyId, Instant extendedAt,
            String extensionReason, Instant extensionUntil, boolean appeal, UUID appealReplyId, Instant appealedAt, String deniedBy,
            String disputedBy, String disputeReason, Instant disputedAt) {
    }

    /**
     * {@code preview}: a large case shows a random sample of its {@code candidateCount} candidates in
     * {@code candidates} and is approved as a whole; large cases and site opt-outs show {@code domains}
     * (counts per domain).
     */
    /**
     * The decision a carry-over case follows up (ADR 017): the request's own case, which decided about the items whose
     * near copies turned up in a new release.
     */
    public record OriginalDecision(UUID caseId, String outcome, String reasonCode, String decidedBy, Instant decidedAt,
            String datasetId, String releaseId, long approvedItems) {
    }

    public record CaseDetail(UUID id, UUID requestId, String claimType, String status, String datasetId, String releaseId,
            long totalCandidates, Integer riskScore, List<String> riskFlags, Instant receivedAt, Instant openedAt, Instant dueAt,
            long daysLeft, Urgency urgency,
            String outcome, String reasonCode, String decidedBy, Instant decidedAt, String proposedBy, Instant proposedAt,
            long version, List<CandidateRow> candidates, List<HistoryRow> history, Workflow workflow, boolean preview,
            long candidateCount, List<DomainCount> domains, long proposedTotal, OriginalDecision original) {

        public boolean waiting() {
            return ReviewCase.Status.WAITING_FOR_CLAIMANT.name().equals(status);
        }

        public boolean closed() {
            return !open() && !proposed() && !waiting();
        }

        public boolean approved() {
            return ReviewCase.Status.DECIDED.name().equals(status) && outcome != null && !"DENIED".equals(outcome);
        }

        public boolean proposed() {
            return ReviewCase.Status.PROPOSED.name().equals(status);
        }

        public long proposedCount() {
            return proposedTotal;
        }

        public String shortId() {
            return id.toString().substring(0, 8);
        }

        public boolean open() {
            return ReviewCase.Status.OPEN.name().equals(status);
        }
    }

    public enum Urgency {
        OVERDUE("overdue", "overdue"),
        DUE_SOON("soon", "due soon"),
        NONE("", "");

        private final String cssClass;
        private final String label;

        Urgency(String cssClass, String label) {
            this.cssClass = cssClass;
            this.label = label;
        }

        public String cssClass() {
            return cssClass;
        }

        public String label() {
            return label;
        }

        static Urgency of(Instant dueAt, Instant now) {
            return dueAt.isBefore(now) ? OVERDUE : dueAt.isBefore(now.plus(SOON_WINDOW)) ? DUE_SOON : NONE;
        }
    }

    @Transactional
    public Queue queue(QueueFilter filter) {
        return queue(filter, QUEUE_LIMIT);
    }

    /** One page of {@code pageSize} rows (the console uses {@link #QUEUE_LIMIT}). */
    @Transactional
    public Queue queue(QueueFilter filter, int pageSize) {
        Instant now = Instant.now();
        // One row more than a page says whether there is a next page.
        List<ReviewCase> open = cases.openCases(filter, now, Math.multiplyExact(filter.page(), pageSize), pageSize + 1);
        boolean truncated = open.size() > pageSize;
        List<ReviewCase> shown = truncated ? open.subList(0, pageSize) : open;
        Map<UUID, Integer> scores = riskScores(shown.stream().map(c -> c.requestId).toList());
        List<QueueRow> rows = shown.stream()
                .map(c -> new QueueRow(c.id, c.claimType.name(), c.datasetId, c.totalCandidates, scores.get(c.requestId),
                        c.openedAt, c.dueAt, c.undecided() ? Urgency.of(c.dueAt, now) : Urgency.NONE, c.status.name(), c.assignee,
                        c.appeal, c.disputedBy, c.disputeReason, c.version))
                .toList();
        return new Queue(rows, cases.openCounts(now, now.plus(SOON_WINDOW), filter.me()), truncated, cases.openDatasets(),
                filter.page(), filter.page() * pageSize);
    }

    /**
     * One candidate beside the claimant's evidence: the candidate as the case page lists it and the positions of the
     * evidence images its signals name (matching's "evidence image N", 0-based as intake numbers them; empty when no
     * signal compared images, e.g. an exact URL). Audited {@code CANDIDATE_COMPARED}.
     */
    public record Comparison(UUID caseId, UUID requestId, String claimType, CandidateRow candidate,
            Set<Integer> evidencePositions) {

        public String shortId() {
            return caseId.toString().substring(0, 8);
        }

        /** Whether the evidence image at {@code position} is one the signals compared (all are shown when none is named). */
        public boolean compared(int position) {
            return evidencePositions.isEmpty() || evidencePositions.contains(position);
        }
    }

    /** Where a candidate's image is: its data set, release, item id and URL (which finds the item in matching's index). */
    public record ItemRef(String datasetId, String releaseId, String itemId, String url) {
    }

    private static final Pattern EVIDENCE_POSITION = Pattern.compile("evidence image (\\d+)");

    @Transactional
    public Comparison compare(UUID caseId, long candidateId) {
        CaseCandidate k = candidate(caseId, candidateId);
        audit.record(AuditEntry.Action.CANDIDATE_COMPARED, caseId, k.reviewCase.requestId, "candidate " + k.itemId);
        Set<Integer> positions = new TreeSet<>();
        for (String line : k.explanationLines()) {
            Matcher m = EVIDENCE_POSITION.matcher(line);
            while (m.find()) {
                positions.add(Integer.parseInt(m.group(1)));
            }
        }
        CandidateRow row = new CandidateRow(k.id, k.itemId, k.url, k.caption, Arrays.asList(k.signals.split(",")), k.confidence,
                k.explanationLines(), k.approved, k.proposed, k.dataset(), k.release());
        return new Comparison(caseId, k.reviewCase.requestId, k.reviewCase.claimType.name(), row, positions);
    }

    @Transactional
    public ItemRef itemOf(UUID caseId, long candidateId) {
        CaseCandidate k = candidate(caseId, candidateId);
        return new ItemRef(k.dataset(), k.release(), k.itemId, k.url);
    }

    /** A candidate of the case; one of another case, or none, is 404. */
    private CaseCandidate candidate(UUID caseId, long candidateId) {
        return cases.getEntityManager()
                .createQuery("select k from CaseCandidate k join fetch k.reviewCase c where k.id = :id and c.id = :case",
                        CaseCandidate.class)
                .setParameter("id", candidateId).setParameter("case", caseId).getResultStream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("candidate " + candidateId + " of case " + caseId));
    }

    /** The ids of the case's items on {@code site} (the host or a subdomain), for a decision about that site. */
    @Transactional
    public List<String> itemsOn(UUID caseId, String site) {
        ReviewCase c = cases.findByIdOptional(caseId).orElseThrow(() -> ProblemException.notFound("case " + caseId));
        return c.candidates.stream().filter(k -> k.isOn(site)).map(k -> k.itemId).distinct().toList();
    }

    /** The request a case is about; unknown case: 404. */
    @Transactional
    public UUID requestOf(UUID caseId) {
        return cases.findByIdOptional(caseId).map(c -> c.requestId).orElseThrow(() -> ProblemException.notFound("case " + caseId));
    }

    /** The case as a person sees it; the view itself is recorded in the audit log first, so it shows in the history. */
    @Transactional
    public CaseDetail viewCase(UUID id) {
        ReviewCase c = cases.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("case " + id));
        audit.record(AuditEntry.Action.CASE_VIEWED, c.id, c.requestId, "console");
        audit.flush();
        RequestRisk risk = risks.findById(c.requestId);
        long candidateCount = count("select count(*) from case_candidate where case_id = :id", c.id);
        long proposedTotal = count("select count(*) from case_candidate where case_id = :id and proposed", c.id);
        // A large case shows a sample and is approved as a whole; a site opt-out (any size) shows its domains.
        boolean preview = candidateCount > config.previewAbove();
        List<DomainCount> domains = preview || c.claimType == ClaimType.SITE_OPT_OUT ? domains(c.id) : List.of();
        List<CandidateRow> candidates;
        if (preview) {
            candidates = sample(c.id, config.previewSample());
        } else {
            candidates = c.candidates.stream()
                    .map(k -> new CandidateRow(k.id, k.itemId, k.url, k.caption, Arrays.asList(k.signals.split(",")), k.confidence,
                            k.explanationLines(), k.approved, k.proposed, k.dataset(), k.release()))
                    .toList();
        }
        List<HistoryRow> history = audit.search(c.id, null, null, HISTORY_LIMIT).stream()
                .map(e -> new HistoryRow(e.occurredAt, e.actor, e.actorRoles, e.action.name(), e.reason))
                .toList();
        Workflow workflow = new Workflow(c.assignee, c.assignedAt, c.pausedAt, c.informationReplyId, c.extendedAt,
                c.extensionReason, CaseWorkflow.firstMonthEnd(c), c.appeal, c.appealReplyId, c.appealedAt, c.deniedBy,
                c.disputedBy, c.disputeReason, c.disputedAt);
        return new CaseDetail(c.id, c.requestId, c.claimType.name(), c.status.name(), c.datasetId, c.releaseId, c.totalCandidates,
                risk == null ? null : risk.riskScore, risk == null ? List.of() : risk.flagList(), c.receivedAt, c.openedAt, c.dueAt,
                c.clock().daysLeft(Instant.now()), c.undecided() ? Urgency.of(c.dueAt, Instant.now()) : Urgency.NONE, c.outcome == null ? null : c.outcome.name(),
                c.reasonCode, c.decidedBy, c.decidedAt, c.proposedBy, c.proposedAt, c.version, candidates, history, workflow,
                preview, candidateCount, domains, proposedTotal, original(c));
    }

    /** The decision a carry-over case follows up; null for a request's own case. */
    private OriginalDecision original(ReviewCase c) {
        if (c.originalCaseId == null) {
            return null;
        }
        ReviewCase own = cases.findById(c.originalCaseId);
        if (own == null) {
            return null;
        }
        long approved = count("select count(*) from case_candidate where case_id = :id and approved", own.id);
        return new OriginalDecision(own.id, own.outcome == null ? null : own.outcome.name(), own.reasonCode, own.decidedBy,
                own.decidedAt, own.datasetId, own.releaseId, approved);
    }

    private long count(String sql, UUID caseId) {
        return ((Number) cases.getEntityManager().createNativeQuery(sql).setParameter("id", caseId).getSingleResult()).longValue();
    }

    /** A random sample of the case's candidates, for the preview of large cases. */
    @SuppressWarnings("unchecked")
    private List<CandidateRow> sample(UUID caseId, int size) {
        List<Object[]> rows = cases.getEntityManager().createNativeQuery(
                "select k.item_id, k.url, k.caption, k.signals, k.confidence, k.approved, k.proposed, k.explanations,"
                        + " coalesce(k.dataset_id, c.dataset_id), coalesce(k.release_id, c.release_id), k.id"
                        + " from case_candidate k join review_case c on c.id = k.case_id"
                        + " where k.case_id = :id order by random() limit :size")
                .setParameter("id", caseId).setParameter("size", size).getResultList();
        return rows.stream().map(r -> new CandidateRow(((Number) r[10]).longValue(), (String) r[0], (String) r[1], (String) r[2],
                Arrays.asList(((String) r[3]).split(",")), ((Number) r[4]).doubleValue(), CaseCandidate.explain((String) r[7]),
                (Boolean) r[5], (Boolean) r[6], (String) r[8], (String) r[9])).toList();
    }

    /** Candidates per domain (host of the URL), the largest first. */
    @SuppressWarnings("unchecked")
    private List<DomainCount> domains(UUID caseId) {
        List<Object[]> rows = cases.getEntityManager().createNativeQuery(
                "select coalesce(lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)')), '(no domain)') as domain,"
                        + " count(*) as n from case_candidate where case_id = :id group by 1 order by 2 desc, 1 limit 100")
                .setParameter("id", caseId).getResultList();
        return rows.stream().map(r -> new DomainCount((String) r[0], ((Number) r[1]).longValue())).toList();
    }

    static List<String> claimTypes() {
        return Arrays.stream(ClaimType.values()).map(Enum::name).toList();
    }

    private Map<UUID, Integer> riskScores(List<UUID> requestIds) {
        if (requestIds.isEmpty()) {
            return Map.of();
        }
        return risks.list("requestId in ?1", requestIds).stream()
                .collect(Collectors.toMap(r -> r.requestId, r -> r.riskScore, (a, b) -> a));
    }
}
