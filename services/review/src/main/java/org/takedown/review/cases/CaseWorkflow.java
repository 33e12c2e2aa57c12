package org.takedown.review.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;
import org.takedown.events.AppealFiled;
import org.takedown.events.DeadlineExtended;
import org.takedown.events.DecisionReversed;
import org.takedown.events.InformationProvided;
import org.takedown.events.InformationRequested;
import org.takedown.events.LegalClock;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.events.RemovalItem;
import org.takedown.events.RequestWithdrawn;
import org.takedown.events.ReviewOutcome;
import org.takedown.messaging.Outbox;
import org.takedown.review.audit.AuditEntry;
import org.takedown.review.audit.AuditLog;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * Everything that happens to a case around its decision: who works on it, asking the claimant for more
 * information (the clock stands still meanwhile), the one deadline extension, appeals, reversals,
 * withdrawals and vendors' disputes. Each change checks the case version the person saw, is audited
 * and, where others must know, publishes its event through the outbox in the same transaction.
 */
@ApplicationScoped
public class CaseWorkflow {

    private static final Logger LOG = Logger.getLogger(CaseWorkflow.class);

    /** Keycloak user names as the realm allows them. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** Actor of what the claimant did (through intake) in the audit log. */
    public static final String CLAIMANT = "claimant";

    /** Cases someone may still work on. */
    static final Set<ReviewCase.Status> WORKABLE = EnumSet.of(ReviewCase.Status.OPEN, ReviewCase.Status.PROPOSED,
            ReviewCase.Status.WAITING_FOR_CLAIMANT);

    private final ReviewCaseRepository cases;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Reviewer reviewer;

    CaseWorkflow(ReviewCaseRepository cases, Outbox outbox, AuditLog audit, Reviewer reviewer) {
        this.cases = cases;
        this.outbox = outbox;
        this.audit = audit;
        this.reviewer = reviewer;
    }

    // --- assignment ----------------------------------------------------------------------------------

    /**
     * Gives the case to {@code assignee}. A reviewer may take it themselves; a senior reviewer or an admin
     * may give it to anyone. Whoever denied a case does not get its appeal.
     */
    @Transactional
    public ReviewCase assign(UUID caseId, Long expectedVersion, String assignee) {
        String me = reviewer.currentId();
        if (assignee == null || !USER_NAME.matcher(assignee).matches()) {
            throw ProblemException.invalidField("assignee", "a Keycloak user name (letters, digits, . _ @ -)");
        }
        if (!assignee.equals(me) && !mayAssignOthers()) {
            throw new ProblemException(403, "assign-others", "Only a senior reviewer or an admin assigns others",
                    "You may take a case yourself (\"assign to me\"); giving it to someone else needs senior-reviewer or admin.",
                    List.of());
        }
        ReviewCase reviewCase = workable(caseId, expectedVersion);
        if (reviewCase.appeal && assignee.equals(reviewCase.deniedBy)) {
            throw new ProblemException(403, "appeal-other-reviewer", "Another reviewer must decide this appeal",
                    assignee + " denied this case before the claimant appealed; give the appeal to someone else.", List.of());
        }
        if (assignee.equals(reviewCase.assignee)) {
            return reviewCase;
        }
        String before = reviewCase.assignee;
        reviewCase.assignee = assignee;
        reviewCase.assignedAt = Instant.now();
        audit.record(AuditEntry.Action.ASSIGNED, reviewCase.id, reviewCase.requestId,
                (assignee.equals(me) ? "took the case" : "assigned to " + assignee)
                        + (before == null ? "" : " (was " + before + ")"));
        return CaseLocking.saved(cases, reviewCase);
    }

    /** Gives the case back to the queue: one's own case, or anyone's for a senior reviewer or an admin. */
    @Transactional
    public ReviewCase unassign(UUID caseId, Long expectedVersion) {
        ReviewCase reviewCase = workable(caseId, expectedVersion);
        if (reviewCase.assignee == null) {
            return reviewCase;
        }
        if (!reviewCase.assignee.equals(reviewer.currentId()) && !mayAssignOthers()) {
            throw new ProblemException(403, "assign-others", "Only a senior reviewer or an admin unassigns others",
                    "The case is assigned to " + reviewCase.assignee + "; only they, a senior reviewer or an admin may unassign it.",
                    List.of());
        }
        String before = reviewCase.assignee;
        reviewCase.assignee = null;
        reviewCase.assignedAt = null;
        audit.record(AuditEntry.Action.UNASSIGNED, reviewCase.id, reviewCase.requestId, "was " + before);
        return CaseLocking.saved(cases, reviewCase);
    }

    private boolean mayAssignOthers() {
        List<String> roles = reviewer.currentRoles();
        return roles.contains(Roles.SENIOR_REVIEWER) || roles.contains(Roles.ADMIN);
    }

    // --- more information ----------------------------------------------------------------------------

    /** Refuses early (before a message is stored in intake) what {@link #requestInformation} would refuse. */
    @Transactional
    public ReviewCase checkInformationRequest(UUID caseId, Long expectedVersion, List<String> reasonCodes) {
        checkedReasons(reasonCodes);
        ReviewCase reviewCase = workable(caseId, expectedVersion);
        if (reviewCase.status != ReviewCase.Status.OPEN) {
            throw ProblemException.conflict("case-not-open", reviewCase.status == ReviewCase.Status.WAITING_FOR_CLAIMANT
                    ? "the claimant was already asked and has not answered yet"
                    : "an approval was proposed; confirm or deny it first");
        }
        return reviewCase;
    }

    /** Asks the claimant for more information: the case waits for them and its clock stands still. */
    @Transactional
    public ReviewCase requestInformation(UUID caseId, Long expectedVersion, List<String> reasonCodes, UUID messageId) {
        ReviewCase reviewCase = checkInformationRequest(caseId, expectedVersion, reasonCodes);
        List<String> reasons = checkedReasons(reasonCodes);
        InformationRequested question = InformationRequested.of(reviewCase.requestId, reviewCase.id, reasons, messageId);
        reviewCase.status = ReviewCase.Status.WAITING_FOR_CLAIMANT;
        reviewCase.clock(reviewCase.clock().pausedAt(question.occurredAt())); // intake pauses at the same instant
        outbox.publish(question);
        audit.record(AuditEntry.Action.INFORMATION_REQUESTED, reviewCase.id, reviewCase.requestId,
                String.join(",", reasons) + (messageId == null ? "" : "; message to the claimant " + messageId));
        LOG.infof("case %s: more information requested (%s); clock paused", reviewCase.id, String.join(",", reasons));
        return CaseLocking.saved(cases, reviewCase);
    }

    private static List<String> checkedReasons(List<String> reasonCodes) {
        if (reasonCodes == null || reasonCodes.isEmpty()) {
            throw ProblemException.invalidField("reasonCodes", "choose at least one of " + List.of(InformationReason.values()));
        }
        for (String code : reasonCodes) {
            if (InformationReason.of(code) == null) {
                throw ProblemException.invalidField("reasonCodes", "must be among " + List.of(InformationReason.values()));
            }
        }
        return reasonCodes.stream().distinct().toList();
    }

    /** The claimant answered: the clock runs again (the deadline moves by the time it stood still). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void informationProvided(InformationProvided provided) {
        ReviewCase reviewCase = cases.findByRequestId(provided.requestId()).orElse(null);
        if (reviewCase == null) {
            LOG.warnf("information provided for request %s, which has no case; ignored", provided.requestId());
            return;
        }
        reviewCase.informationReplyId = provided.replyId();
        String reason = "reply " + provided.replyId();
        if (reviewCase.status == ReviewCase.Status.WAITING_FOR_CLAIMANT) {
            Duration paused = reviewCase.clock().pausedUpTo(provided.occurredAt())
                    .minusSeconds(reviewCase.pausedSeconds);
            reviewCase.clock(reviewCase.clock().resumedAt(provided.occurredAt())); // intake resumes at the same instant
            reviewCase.status = ReviewCase.Status.OPEN;
            reason += "; clock resumed, deadline moved by " + paused.toMinutes() + " minutes";
        }
        audit.record(CLAIMANT, "", AuditEntry.Action.INFORMATION_PROVIDED, reviewCase.id, reviewCase.requestId, reason);
        LOG.infof("case %s: the claimant answered (reply %s)", reviewCase.id, provided.replyId());
    }

    // --- deadline ------------------------------------------------------------------------------------

    /** Refuses early (before a message is stored) what {@link #extendDeadline} would refuse. */
    @Transactional
    public ReviewCase checkExtension(UUID caseId, Long expectedVersion, String reasonCode, int months) {
        if (ExtensionReason.of(reasonCode) == null) {
            throw ProblemException.invalidField("reasonCode", "must be one of " + List.of(ExtensionReason.values()));
        }
        if (months < 1 || months > 2) {
            throw ProblemException.invalidField("months", "a deadline is extended by one or two months");
        }
        ReviewCase reviewCase = workable(caseId, expectedVersion);
        if (reviewCase.extendedAt != null) {
            throw ProblemException.conflict("deadline-already-extended", "the deadline of case " + caseId
                    + " was already extended on " + reviewCase.extendedAt + "; it can be extended once");
        }
        if (Instant.now().isAfter(firstMonthEnd(reviewCase))) {
            throw ProblemException.conflict("extension-too-late", "a deadline can only be extended within the first month"
                    + " after the request was received (until " + firstMonthEnd(reviewCase) + ")");
        }
        return reviewCase;
    }

    /** GDPR Art. 12(3): once, by up to two months, within the first month after receipt. */
    @Transactional
    public ReviewCase extendDeadline(UUID caseId, Long expectedVersion, String reasonCode, int months, UUID messageId) {
        ReviewCase reviewCase = checkExtension(caseId, expectedVersion, reasonCode, months);
        Instant now = Instant.now();
        reviewCase.clock(reviewCase.clock().extendedBy(months));
        reviewCase.extendedAt = now;
        reviewCase.extensionReason = reasonCode;
        outbox.publish(DeadlineExtended.of(reviewCase.requestId, reviewCase.id, reviewCase.dueAt, reasonCode, messageId, months));
        audit.record(AuditEntry.Action.DEADLINE_EXTENDED, reviewCase.id, reviewCase.requestId, reasonCode + ": by " + months
                + (months == 1 ? " month" : " months") + " to " + reviewCase.dueAt
                + (messageId == null ? "" : "; message to the claimant " + messageId));
        return CaseLocking.saved(cases, reviewCase);
    }

    /** An extension must be decided within the legal month from receipt (pauses counted). */
    public static Instant firstMonthEnd(ReviewCase reviewCase) {
        return reviewCase.clock().firstMonthEnd();
    }

    // --- reversal ------------------------------------------------------------------------------------

    /** Refuses early (before a message is stored) what {@link #reverse} would refuse. */
    @Transactional
    public ReviewCase checkReversal(UUID caseId, Long expectedVersion, String reasonCode) {
        if (ReversalReason.of(reasonCode) == null) {
            throw ProblemException.invalidField("reasonCode", "must be one of " + List.of(ReversalReason.values()));
        }
        ReviewCase reviewCase = cases.findByIdOptional(caseId).orElseThrow(() -> ProblemException.notFound("case " + caseId));
        CaseLocking.checkVersion(reviewCase, expectedVersion);
        if (reviewCase.status != ReviewCase.Status.DECIDED || reviewCase.outcome == ReviewOutcome.DENIED) {
            throw ProblemException.conflict("not-approved", "only an approved case can be reversed; case " + caseId + " is "
                    + reviewCase.status + (reviewCase.outcome == null ? "" : " (" + reviewCase.outcome + ")"));
        }
        return reviewCase;
    }

    /** An admin reverses an approval: propagation withdraws the notices of exactly the approved items. */
    @Transactional
    public ReviewCase reverse(UUID caseId, Long expectedVersion, String reasonCode, UUID messageId) {
        ReviewCase reviewCase = checkReversal(caseId, expectedVersion, reasonCode);
        List<RemovalItem> approved = reviewCase.candidates.stream().filter(c -> Boolean.TRUE.equals(c.approved))
                .map(CaseCandidate::toRemovalItem).toList();
        reviewCase.status = ReviewCase.Status.REVERSED;
        outbox.publish(DecisionReversed.of(reviewCase.requestId, reviewCase.id, reasonCode, approved));
        audit.record(AuditEntry.Action.DECISION_REVERSED, reviewCase.id, reviewCase.requestId, reasonCode + ": "
                + approved.size() + " items" + (messageId == null ? "" : "; message to the claimant " + messageId));
        LOG.infof("case %s: approval of %d items reversed (%s)", reviewCase.id, approved.size(), reasonCode);
        return CaseLocking.saved(cases, reviewCase);
    }

    // --- what the claimant and vendors do ------------------------------------------------------------

    /** A denied case reopens once, as an appeal, for a reviewer other than the one who denied it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appealFiled(AppealFiled appeal) {
        ReviewCase reviewCase = cases.findByRequestId(appeal.requestId()).orElse(null);
        if (reviewCase == null || reviewCase.status != ReviewCase.Status.DECIDED || reviewCase.outcome != ReviewOutcome.DENIED) {
            LOG.warnf("appeal for request %s, which has no denied case; ignored", appeal.requestId());
            return;
        }
        if (reviewCase.appeal) {
            LOG.warnf("second appeal for request %s (case %s); one appeal per case, ignored", appeal.requestId(), reviewCase.id);
            return;
        }
        Instant now = appeal.occurredAt(); // intake restarts its clock at the same instant
        reviewCase.appeal = true;
        reviewCase.appealReplyId = appeal.replyId();
        reviewCase.appealedAt = now;
        reviewCase.deniedBy = reviewCase.decidedBy;
        reviewCase.status = ReviewCase.Status.OPEN;
        reviewCase.outcome = null;
        reviewCase.reasonCode = null;
        reviewCase.decidedBy = null;
        reviewCase.decidedAt = null;
        reviewCase.proposedBy = null;
        reviewCase.proposedAt = null;
        reviewCase.assignee = null;
        reviewCase.assignedAt = null;
        reviewCase.clock(LegalClock.receivedAt(now)); // an appeal is answered within a month of its own
        reviewCase.candidates.forEach(c -> {
            c.approved = null;
            c.proposed = null;
        });
        audit.record(CLAIMANT, "", AuditEntry.Action.APPEAL_FILED, reviewCase.id, reviewCase.requestId,
                "grounds: reply " + appeal.replyId() + "; denied by " + reviewCase.deniedBy + ", who may not decide the appeal");
        LOG.infof("case %s reopened by an appeal", reviewCase.id);
    }

    /** The claimant withdrew: an undecided case closes; nothing can be decided on it any more. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void withdrawn(RequestWithdrawn withdrawn) {
        ReviewCase reviewCase = cases.findByRequestId(withdrawn.requestId()).orElse(null);
        if (reviewCase == null) {
            // The withdrawal overtook the matches: remember it, so that no case opens later.
            cases.getEntityManager().createNativeQuery(
                            "INSERT INTO withdrawn_request (request_id) VALUES (?1) ON CONFLICT DO NOTHING")
                    .setParameter(1, withdrawn.requestId())
                    .executeUpdate();
            LOG.infof("request %s withdrawn before a case was opened; none will be", withdrawn.requestId());
            return;
        }
        if (WORKABLE.contains(reviewCase.status)) {
            reviewCase.status = ReviewCase.Status.WITHDRAWN;
            reviewCase.pausedAt = null;
            audit.record(CLAIMANT, "", AuditEntry.Action.REQUEST_WITHDRAWN, reviewCase.id, reviewCase.requestId, "case closed");
        } else {
            audit.record(CLAIMANT, "", AuditEntry.Action.REQUEST_WITHDRAWN, reviewCase.id, reviewCase.requestId,
                    "after the case was " + reviewCase.status + "; propagation withdraws notices already sent");
        }
    }

    /** A vendor disputed a notice: the case is flagged for people to look at. Other states are not ours. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void noticeAcknowledged(NoticeAcknowledged notice) {
        if (!"DISPUTED".equals(notice.state())) {
            return;
        }
        ReviewCase reviewCase = cases.findByRequestId(notice.requestId()).orElse(null);
        if (reviewCase == null) {
            LOG.warnf("dispute of notice %s for request %s, which has no case; ignored", notice.noticeId(), notice.requestId());
            return;
        }
        String reasonCode = notice.reasonCode() == null || notice.reasonCode().isBlank() ? "UNSPECIFIED" : notice.reasonCode();
        reviewCase.disputedBy = notice.vendorId();
        reviewCase.disputeReason = reasonCode;
        reviewCase.disputedAt = notice.occurredAt();
        audit.record("vendor:" + notice.vendorId(), "", AuditEntry.Action.DISPUTE_RECEIVED, reviewCase.id, reviewCase.requestId,
                "disputed by " + notice.vendorId() + ": " + reasonCode + " (notice " + notice.noticeId() + ")");
    }

    /** A case someone may still work on, as the person saw it. */
    private ReviewCase workable(UUID caseId, Long expectedVersion) {
        ReviewCase reviewCase = cases.findByIdOptional(caseId).orElseThrow(() -> ProblemException.notFound("case " + caseId));
        if (!WORKABLE.contains(reviewCase.status)) {
            throw ProblemException.conflict("case-closed", "case " + caseId + " is " + reviewCase.status
                    + (reviewCase.status == ReviewCase.Status.WITHDRAWN ? " (the claimant withdrew the request)" : "")
                    + "; nothing more can be done on it");
        }
        CaseLocking.checkVersion(reviewCase, expectedVersion);
        return reviewCase;
    }
}
