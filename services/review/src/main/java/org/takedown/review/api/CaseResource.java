package org.takedown.review.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.events.ClaimType;
import org.takedown.review.audit.AuditEntry;
import org.takedown.review.audit.AuditLog;
import org.takedown.review.cases.CaseActions;
import org.takedown.review.cases.CaseWorkflow;
import org.takedown.review.cases.RequestRisk;
import org.takedown.review.cases.RequestRiskRepository;
import org.takedown.review.cases.ReviewCase;
import org.takedown.review.cases.ReviewCaseRepository;
import org.takedown.review.cases.ReviewCaseRepository.QueueCounts;
import org.takedown.review.cases.ReviewCaseRepository.QueueFilter;
import org.takedown.review.cases.Reviewer;
import org.takedown.review.claimant.ClaimantMessages;
import org.takedown.review.claimant.IntakeMessagesClient;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cases", description = "Review cases and decisions")
@RolesAllowed({ Roles.REVIEWER, Roles.ADMIN })
public class CaseResource {

    /** Cases due within this time count as "due soon". */
    public static final java.time.Duration SOON = java.time.Duration.ofDays(3);

    private final ReviewCaseRepository cases;
    private final CaseActions actions;
    private final CaseWorkflow workflow;
    private final Reviewer reviewer;
    private final RequestRiskRepository risks;
    private final AuditLog audit;
    private final ClaimantMessages messages;

    CaseResource(ReviewCaseRepository cases, CaseActions actions, CaseWorkflow workflow, Reviewer reviewer,
            RequestRiskRepository risks, AuditLog audit, ClaimantMessages messages) {
        this.audit = audit;
        this.risks = risks;
        this.cases = cases;
        this.actions = actions;
        this.workflow = workflow;
        this.reviewer = reviewer;
        this.messages = messages;
    }

    @GET
    @Transactional
    @Operation(summary = "The queue: cases by status, most urgent first, or the case of one request",
            description = "Filters: claimType, datasetId, assignee (me, unassigned, anyone), overdue, disputed.")
    public List<CaseView> list(@QueryParam("status") @DefaultValue("OPEN") String status,
            @QueryParam("requestId") UUID requestId,
            @QueryParam("claimType") String claimType,
            @QueryParam("datasetId") String datasetId,
            @QueryParam("assignee") @DefaultValue("anyone") String assignee,
            @QueryParam("overdue") boolean overdue,
            @QueryParam("disputed") boolean disputed,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        if (requestId != null) {
            return cases.allOfRequest(requestId).stream().map(this::viewed).toList();
        }
        ReviewCase.Status wanted = parseStatus(status);
        QueueFilter.Show show = disputed ? QueueFilter.Show.DISPUTED : switch (wanted) {
            case OPEN, PROPOSED -> QueueFilter.Show.OPEN;
            case WAITING_FOR_CLAIMANT -> QueueFilter.Show.WAITING;
            default -> QueueFilter.Show.CLOSED;
        };
        QueueFilter filter = new QueueFilter(parseClaimType(claimType), datasetId == null || datasetId.isBlank() ? null : datasetId,
                overdue, parseAssignee(assignee), reviewer.currentId(), show);
        List<ReviewCase> found = cases.openCases(filter, Instant.now(), limit).stream()
                .filter(c -> disputed || c.status == wanted).toList();
        // One query for the risk scores of the whole page, not one per case.
        java.util.Map<UUID, RequestRisk> riskOf = found.isEmpty() ? java.util.Map.of()
                : risks.list("requestId in ?1", found.stream().map(c -> c.requestId).toList()).stream()
                        .collect(java.util.stream.Collectors.toMap(r -> r.requestId, r -> r, (a, b) -> a));
        return found.stream().map(c -> view(c, riskOf.get(c.requestId))).toList();
    }

    @GET
    @Path("/counts")
    @Transactional
    @Operation(summary = "Counts at a glance: open, overdue, due within 3 days, assigned to me")
    public QueueCounts counts() {
        Instant now = Instant.now();
        return cases.openCounts(now, now.plus(SOON), reviewer.currentId());
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(summary = "One case with its candidates")
    public CaseView get(@PathParam("id") UUID id) {
        return cases.findByIdOptional(id).map(this::viewed).orElseThrow(() -> ProblemException.notFound("case " + id));
    }

    @POST
    @Path("/{id}/decision")
    @RolesAllowed(Roles.REVIEWER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve (all or some candidates) or deny a case (optionally with a message to the claimant)")
    public CaseView decide(@PathParam("id") UUID id, @NotNull @Valid DecisionForm form) {
        boolean approve = form.decision() == DecisionForm.Decision.APPROVE;
        actions.decide(id, approve, form.itemIds(), form.reasonCode(), form.version(), form.message());
        return current(id);
    }

    @PUT
    @Path("/{id}/assignee")
    @RolesAllowed({ Roles.REVIEWER, Roles.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Assign the case: to oneself (reviewer), or to anyone (senior-reviewer, admin)")
    public CaseView assign(@PathParam("id") UUID id, @NotNull @Valid ActionForms.Assignment form) {
        workflow.assign(id, form.version(), form.assignee());
        return current(id);
    }

    @DELETE
    @Path("/{id}/assignee")
    @RolesAllowed({ Roles.REVIEWER, Roles.ADMIN })
    @Operation(summary = "Unassign the case: one's own (reviewer), or anyone's (senior-reviewer, admin)")
    public CaseView unassign(@PathParam("id") UUID id, @QueryParam("version") @NotNull Long version) {
        workflow.unassign(id, version);
        return current(id);
    }

    @POST
    @Path("/{id}/information-request")
    @RolesAllowed(Roles.REVIEWER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask the claimant for more information (the clock stands still until they answer)")
    public CaseView requestInformation(@PathParam("id") UUID id, @NotNull @Valid ActionForms.InformationRequest form) {
        actions.requestInformation(id, form.version(), form.reasonCodes(), form.message());
        return current(id);
    }

    @POST
    @Path("/{id}/deadline-extension")
    @RolesAllowed(Roles.REVIEWER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Extend the deadline once, by up to two months, within the first month")
    public CaseView extendDeadline(@PathParam("id") UUID id, @NotNull @Valid ActionForms.Extension form) {
        actions.extendDeadline(id, form.version(), form.reasonCode(), form.months() == null ? 2 : form.months(), form.message());
        return current(id);
    }

    @POST
    @Path("/{id}/reversal")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reverse an approval (admins): propagation withdraws the notices of the approved items")
    public CaseView reverse(@PathParam("id") UUID id, @NotNull @Valid ActionForms.Reversal form) {
        actions.reverse(id, form.version(), form.reasonCode(), form.message());
        return current(id);
    }

    @GET
    @Path("/{id}/replies/{replyId}")
    @Operation(summary = "A claimant's reply to this case (answer or appeal grounds), from intake (audited)")
    public IntakeMessagesClient.Reply reply(@PathParam("id") UUID id, @PathParam("replyId") UUID replyId) {
        ReviewCase reviewCase = QuarkusTransaction.requiringNew().call(() -> cases.findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("case " + id)));
        if (!replyId.equals(reviewCase.informationReplyId) && !replyId.equals(reviewCase.appealReplyId)) {
            throw ProblemException.notFound("reply " + replyId + " of case " + id);
        }
        IntakeMessagesClient.Reply reply = messages.reply(reviewCase.requestId, replyId).orElseThrow(() -> new ProblemException(503,
                "intake-unavailable", "The reply cannot be shown just now", "Intake did not answer; try again later.", List.of()));
        QuarkusTransaction.requiringNew().run(() -> audit.record(AuditEntry.Action.REPLY_VIEWED, id, reviewCase.requestId,
                "reply " + replyId));
        return reply;
    }

    private CaseView current(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> view(cases.findById(id)));
    }

    private static ReviewCase.Status parseStatus(String status) {
        try {
            return ReviewCase.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be one of " + Arrays.toString(ReviewCase.Status.values()));
        }
    }

    private static ClaimType parseClaimType(String claimType) {
        if (claimType == null || claimType.isBlank()) {
            return null;
        }
        try {
            return ClaimType.valueOf(claimType);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("claimType", "must be one of " + Arrays.toString(ClaimType.values()));
        }
    }

    private static QueueFilter.Assignee parseAssignee(String assignee) {
        try {
            return QueueFilter.Assignee.valueOf(assignee.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("assignee", "must be one of me, unassigned, anyone");
        }
    }

    /** The full case (claim and candidates) as shown to a person: recorded in the audit log. */
    private CaseView viewed(ReviewCase c) {
        audit.record(AuditEntry.Action.CASE_VIEWED, c.id, c.requestId, null);
        return view(c);
    }

    private CaseView view(ReviewCase c) {
        return view(c, risks.findById(c.requestId));
    }

    private CaseView view(ReviewCase c, RequestRisk risk) {
        ReviewCase own = c.originalCaseId == null ? null : cases.findById(c.originalCaseId);
        return new CaseView(c.id, c.requestId, c.claimType.name(), c.status.name(), c.datasetId, c.releaseId,
                c.totalCandidates, risk == null ? null : risk.riskScore, risk == null ? null : risk.flagList(), c.receivedAt, c.openedAt, c.dueAt,
                c.clock().daysLeft(Instant.now()),
                c.outcome == null ? null : c.outcome.name(), c.reasonCode, c.decidedAt, c.version, c.assignee, c.pausedAt,
                c.extendedAt, c.extensionReason, c.informationReplyId, c.appeal, c.appealReplyId, c.deniedBy, c.disputedBy,
                c.disputeReason,
                c.candidates.stream()
                        .map(k -> new CaseView.Candidate(k.itemId, k.url, k.caption, List.of(k.signals.split(",")),
                                k.confidence, k.explanationLines(), k.approved, k.dataset(), k.release()))
                        .toList(),
                own == null ? null : new CaseView.OriginalDecision(own.id, own.outcome == null ? null : own.outcome.name(),
                        own.reasonCode, own.decidedAt, own.decidedBy));
    }
}
