package org.takedown.review.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.review.audit.AuditEntry;
import org.takedown.review.audit.AuditLog;
import org.takedown.review.cases.RequestRisk;
import org.takedown.review.cases.RequestRiskRepository;
import org.takedown.review.cases.ReviewCase;
import org.takedown.review.cases.ReviewCaseRepository;
import org.takedown.review.cases.ReviewService;
import org.takedown.review.cases.Reviewer;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cases", description = "Review cases and decisions")
@RolesAllowed({ Roles.REVIEWER, Roles.ADMIN })
public class CaseResource {

    private final ReviewCaseRepository cases;
    private final ReviewService review;
    private final Reviewer reviewer;
    private final RequestRiskRepository risks;
    private final AuditLog audit;

    CaseResource(ReviewCaseRepository cases, ReviewService review, Reviewer reviewer, RequestRiskRepository risks, AuditLog audit) {
        this.audit = audit;
        this.risks = risks;
        this.cases = cases;
        this.review = review;
        this.reviewer = reviewer;
    }

    @GET
    @Transactional
    @Operation(summary = "The queue: cases by status, most urgent first, or the case of one request")
    public List<CaseView> list(@QueryParam("status") @DefaultValue("OPEN") String status,
            @QueryParam("requestId") UUID requestId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        if (requestId != null) {
            return cases.findByRequestId(requestId).map(this::viewed).stream().toList();
        }
        return cases.queue(parseStatus(status), limit).stream().map(this::view).toList();
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
    @Operation(summary = "Approve (all or some candidates) or deny a case")
    public CaseView decide(@PathParam("id") UUID id, @NotNull @Valid DecisionForm form) {
        boolean approve = form.decision() == DecisionForm.Decision.APPROVE;
        return view(review.decide(id, approve, form.itemIds(), form.reasonCode(), form.version(), reviewer.currentId()));
    }

    private static ReviewCase.Status parseStatus(String status) {
        try {
            return ReviewCase.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be one of " + Arrays.toString(ReviewCase.Status.values()));
        }
    }

    /** The full case (claim and candidates) as shown to a person: recorded in the audit log. */
    private CaseView viewed(ReviewCase c) {
        audit.record(AuditEntry.Action.CASE_VIEWED, c.id, c.requestId, null);
        return view(c);
    }

    private CaseView view(ReviewCase c) {
        RequestRisk risk = risks.findById(c.requestId);
        return new CaseView(c.id, c.requestId, c.claimType.name(), c.status.name(), c.datasetId, c.releaseId,
                c.totalCandidates, risk == null ? null : risk.riskScore, risk == null ? null : risk.flagList(), c.openedAt, c.dueAt, c.outcome == null ? null : c.outcome.name(), c.reasonCode,
                c.decidedAt, c.version,
                c.candidates.stream()
                        .map(k -> new CaseView.Candidate(k.itemId, k.url, k.caption, List.of(k.signals.split(",")),
                                k.confidence, k.approved))
                        .toList());
    }
}
