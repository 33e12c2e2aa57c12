package org.takedown.review.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.ClaimType;
import org.takedown.events.LegalClock;
import org.takedown.events.MatchesFound;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.messaging.Outbox;
import org.takedown.review.audit.AuditEntry;
import org.takedown.review.audit.AuditLog;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/** Opens a case per request with candidates and records decisions; decision and event in one transaction. */
@ApplicationScoped
public class ReviewService {

    private static final Logger LOG = Logger.getLogger(ReviewService.class);

    private final ReviewCaseRepository cases;
    private final Outbox outbox;
    private final ReviewConfig config;
    private final AuditLog audit;
    private final Reviewer reviewer;
    private final RequestRiskRepository requests;

    ReviewService(ReviewCaseRepository cases, Outbox outbox, ReviewConfig config, AuditLog audit, Reviewer reviewer,
            RequestRiskRepository requests) {
        this.requests = requests;
        this.cases = cases;
        this.outbox = outbox;
        this.config = config;
        this.audit = audit;
        this.reviewer = reviewer;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void open(MatchesFound matches) {
        if (matches.candidates().isEmpty()) {
            return;
        }
        if (!cases.getEntityManager().createNativeQuery("SELECT 1 FROM withdrawn_request WHERE request_id = ?1")
                .setParameter(1, matches.requestId()).getResultList().isEmpty()) {
            LOG.infof("no case for request %s: the claimant withdrew it", matches.requestId());
            return;
        }
        // To the microsecond, as PostgreSQL and the legal clock keep it: an opening that starts the clock is then the
        // same instant in both columns (PostgreSQL would round the nanoseconds, the clock truncates them).
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        ReviewCase reviewCase = new ReviewCase();
        reviewCase.id = UUID.randomUUID();
        reviewCase.requestId = matches.requestId();
        reviewCase.claimType = matches.claimType();
        reviewCase.status = ReviewCase.Status.OPEN;
        reviewCase.datasetId = matches.datasetId();
        reviewCase.releaseId = matches.releaseId();
        reviewCase.totalCandidates = matches.totalCandidates();
        reviewCase.openedAt = now;
        // The month runs from receipt (carried from intake, verification's waits added); events written before
        // the clock travelled start it here.
        reviewCase.clock(matches.clock() != null ? matches.clock() : LegalClock.receivedAt(now));
        for (var found : matches.candidates()) {
            CaseCandidate candidate = new CaseCandidate();
            candidate.reviewCase = reviewCase;
            candidate.itemId = found.itemId();
            candidate.url = found.url();
            candidate.caption = found.caption();
            candidate.signals = String.join(",", found.signals());
            candidate.confidence = found.confidence();
            candidate.pdq = found.pdq();
            candidate.datasetId = found.datasetIn(matches);
            candidate.releaseId = found.releaseIn(matches);
            candidate.explanations = found.scores().isEmpty() ? null : found.scores().stream()
                    .map(ReviewService::explanation)
                    .collect(java.util.stream.Collectors.joining("\n"));
            reviewCase.candidates.add(candidate);
        }
        cases.persist(reviewCase);
        LOG.infof("case %s opened for request %s with %d candidates", reviewCase.id, reviewCase.requestId,
                reviewCase.candidates.size());
        if (config.autoApprove()) {
            decide(reviewCase, true, null, null, Reviewer.AUTO_APPROVER, null);
        }
    }

    /**
     * Approves the listed items (all candidates if {@code itemIds} is null) or denies the case.
     *
     * @param expectedVersion the case version the reviewer saw; a case changed meanwhile is refused
     */
    @Transactional
    public ReviewCase decide(UUID caseId, boolean approve, List<String> itemIds, String reasonCode, Long expectedVersion,
            String reviewerId) {
        return decide(caseId, approve, itemIds, reasonCode, expectedVersion, reviewerId, null);
    }

    /**
     * As {@link #decide(UUID, boolean, List, String, Long, String)}; {@code messageId} names the message
     * to the claimant stored in intake before (denials only; null: none).
     */
    @Transactional
    public ReviewCase decide(UUID caseId, boolean approve, List<String> itemIds, String reasonCode, Long expectedVersion,
            String reviewerId, UUID messageId) {
        ReviewCase reviewCase = checkDecidable(caseId, expectedVersion, reviewerId);
        if (reviewCase.status == ReviewCase.Status.PROPOSED) {
            secondReview(reviewCase, approve, itemIds, reasonCode, reviewerId, messageId);
            return CaseLocking.saved(cases, reviewCase);
        }
        if (approve) {
            Set<String> chosen = checkedSelection(reviewCase, itemIds);
            int count = chosen == null ? reviewCase.candidates.size() : chosen.size();
            if (FourEyesRule.required(reviewCase.claimType, count, config.fourEyesAbove())) {
                propose(reviewCase, chosen, count, reviewerId);
                return CaseLocking.saved(cases, reviewCase);
            }
        }
        decide(reviewCase, approve, itemIds, reasonCode, reviewerId, messageId);
        return CaseLocking.saved(cases, reviewCase);
    }

    /**
     * The case, if the reviewer may decide it now: not closed, not changed since the page was loaded, and
     * not the appeal of their own denial. Used before a message to the claimant is stored, and again in
     * the decision's transaction.
     */
    @Transactional
    public ReviewCase checkDecidable(UUID caseId, Long expectedVersion, String reviewerId) {
        ReviewCase reviewCase = cases.findByIdOptional(caseId).orElseThrow(() -> ProblemException.notFound("case " + caseId));
        switch (reviewCase.status) {
            case DECIDED -> throw ProblemException.conflict("case-decided", "case " + caseId + " was already decided ("
                    + reviewCase.outcome + "); reload it to see the decision");
            case REVERSED -> throw ProblemException.conflict("case-reversed", "case " + caseId
                    + " was approved and then reversed by an admin; it cannot be decided again");
            case WITHDRAWN -> throw ProblemException.conflict("case-withdrawn", "the claimant withdrew request "
                    + reviewCase.requestId + "; case " + caseId + " is closed and cannot be decided");
            default -> {
            }
        }
        CaseLocking.checkVersion(reviewCase, expectedVersion);
        if (reviewCase.appeal && reviewerId.equals(reviewCase.deniedBy)) {
            throw new ProblemException(403, "appeal-other-reviewer", "Another reviewer must decide this appeal",
                    "You denied this case before the claimant appealed; a different reviewer decides the appeal.", List.of());
        }
        return reviewCase;
    }

    /** Four eyes, first pair: the approval is recorded as a proposal; nothing is published yet. */
    private void propose(ReviewCase reviewCase, Set<String> chosen, int count, String reviewerId) {
        for (CaseCandidate candidate : reviewCase.candidates) {
            candidate.proposed = chosen == null || chosen.contains(candidate.itemId);
        }
        reviewCase.status = ReviewCase.Status.PROPOSED;
        reviewCase.proposedBy = reviewerId;
        reviewCase.proposedAt = Instant.now();
        audit.record(AuditEntry.Action.DECISION_PROPOSED, reviewCase.id, reviewCase.requestId,
                "APPROVE " + count + " of " + reviewCase.candidates.size() + " items; needs a second reviewer (senior-reviewer)");
        LOG.infof("case %s: approval of %d items proposed, waiting for a second reviewer", reviewCase.id, count);
    }

    /**
     * Four eyes, second pair: a senior reviewer other than the proposer confirms the proposal as it
     * stands (approve, with no items or exactly the proposed ones) or denies the case.
     */
    private void secondReview(ReviewCase reviewCase, boolean approve, List<String> itemIds, String reasonCode,
            String reviewerId, UUID messageId) {
        if (!reviewer.currentRoles().contains(Roles.SENIOR_REVIEWER)) {
            throw new ProblemException(403, "four-eyes-senior", "A senior reviewer must decide this",
                    "An approval of this size was proposed by " + reviewCase.proposedBy
                            + "; a reviewer with senior-reviewer confirms or denies it.", List.of());
        }
        if (reviewerId.equals(reviewCase.proposedBy)) {
            throw ProblemException.conflict("four-eyes-own-proposal",
                    "you proposed this approval; a second senior reviewer must confirm it");
        }
        List<String> proposed = reviewCase.candidates.stream().filter(c -> Boolean.TRUE.equals(c.proposed))
                .map(c -> c.itemId).toList();
        if (approve && itemIds != null && !new HashSet<>(itemIds).equals(new HashSet<>(proposed))) {
            throw ProblemException.invalidField("itemIds", "confirm the proposed items as they are, or deny the case");
        }
        decide(reviewCase, approve, approve ? proposed : null, reasonCode, reviewerId, messageId);
    }

    /** The chosen items (null for all candidates), refused if any is not a candidate or none is chosen. */
    private static Set<String> checkedSelection(ReviewCase reviewCase, List<String> itemIds) {
        if (itemIds == null) {
            return null;
        }
        Set<String> chosen = new HashSet<>(itemIds);
        Set<String> unknown = new HashSet<>(chosen);
        reviewCase.candidates.forEach(c -> unknown.remove(c.itemId));
        if (!unknown.isEmpty()) {
            throw ProblemException.invalidField("itemIds", "not candidates of this case: " + unknown);
        }
        if (chosen.isEmpty()) {
            throw ProblemException.invalidField("itemIds", "approve at least one item, or deny the case");
        }
        return chosen;
    }

    private void decide(ReviewCase reviewCase, boolean approve, List<String> itemIds, String reasonCode, String reviewerId,
            UUID messageId) {
        if (!approve && (reasonCode == null || reasonCode.isBlank())) {
            throw ProblemException.invalidField("reasonCode", "a denial needs a reason code");
        }
        Set<String> chosen = approve ? checkedSelection(reviewCase, itemIds) : null;
        for (CaseCandidate candidate : reviewCase.candidates) {
            candidate.approved = approve && (chosen == null || chosen.contains(candidate.itemId));
        }
        List<RemovalItem> approved = reviewCase.candidates.stream()
                .filter(c -> c.approved)
                .map(CaseCandidate::toRemovalItem)
                .toList();
        ReviewOutcome outcome = !approve ? ReviewOutcome.DENIED
                : approved.size() == reviewCase.candidates.size() ? ReviewOutcome.APPROVED : ReviewOutcome.PARTIALLY_APPROVED;

        Instant now = Instant.now();
        reviewCase.status = ReviewCase.Status.DECIDED;
        reviewCase.outcome = outcome;
        reviewCase.reasonCode = approve ? null : reasonCode;
        reviewCase.decidedBy = reviewerId;
        reviewCase.decidedAt = now;
        reviewCase.pausedAt = null;
        List<String> scopes = scopes(reviewCase, outcome);
        outbox.publish(ReviewDecided.of(reviewCase.requestId, reviewCase.id, reviewCase.claimType, outcome)
                .release(reviewCase.datasetId, reviewCase.releaseId)
                .approvedItems(approved).reasonCode(reviewCase.reasonCode).scopes(scopes)
                .carriedTo(reviewCase.carriedToRelease == null ? null : reviewCase.releaseId)
                .build());
        String reason = approve ? outcome + ": " + approved.size() + " of " + reviewCase.candidates.size() + " items"
                : outcome + ": " + reasonCode + (messageId == null ? "" : "; message to the claimant " + messageId);
        if (reviewCase.appeal) {
            reason = "appeal " + reason;
        }
        if (Reviewer.AUTO_APPROVER.equals(reviewerId)) {
            audit.record(reviewerId, "", AuditEntry.Action.DECISION_MADE, reviewCase.id, reviewCase.requestId, reason);
        } else {
            audit.record(AuditEntry.Action.DECISION_MADE, reviewCase.id, reviewCase.requestId, reason);
        }
        LOG.infof("case %s decided: %s, %d items, %d scopes", reviewCase.id, outcome, approved.size(), scopes.size());
    }

    /**
     * What the decision removes as a whole: the request's domains and URL prefixes when a site opt-out is approved in
     * full. A reviewer who leaves items out has judged the site item by item, so a partial approval stays items only.
     */
    private List<String> scopes(ReviewCase reviewCase, ReviewOutcome outcome) {
        if (reviewCase.claimType != ClaimType.SITE_OPT_OUT || outcome != ReviewOutcome.APPROVED) {
            return List.of();
        }
        RequestRisk request = requests.findById(reviewCase.requestId);
        if (request == null || request.domainList().isEmpty()) {
            LOG.warnf("case %s: site opt-out approved, but the request's domains are unknown here: items only", reviewCase.id);
            return List.of();
        }
        return request.domainList();
    }

    /** {@code PDQ 12: evidence image 1, rotated 90°}: the signal, its raw score as measured, what matched. */
    static String explanation(org.takedown.events.SignalScore score) {
        StringBuilder line = new StringBuilder(score.signal());
        if (score.score() != null) {
            double raw = score.score();
            line.append(' ').append(raw == Math.rint(raw) ? String.valueOf((long) raw) : String.format(java.util.Locale.ROOT, "%.3f", raw));
        }
        if (score.detail() != null && !score.detail().isBlank()) {
            line.append(": ").append(score.detail().replace('\n', ' '));
        }
        return line.toString();
    }
}
