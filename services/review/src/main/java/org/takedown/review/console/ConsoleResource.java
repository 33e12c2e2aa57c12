package org.takedown.review.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.takedown.review.audit.AuditEntry;
import org.takedown.review.audit.AuditLog;
import org.takedown.review.evidence.CaseEvidence;
import org.takedown.events.ClaimType;
import org.takedown.review.cases.ReviewCaseRepository.QueueFilter;
import org.takedown.review.cases.ReviewService;
import org.takedown.review.cases.Reviewer;
import org.takedown.review.console.ConsoleViews.CaseDetail;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * The reviewer console: server-rendered pages that work without JavaScript. People log in through
 * Keycloak (the {@code console} OIDC tenant, authorization code flow); decisions go through
 * {@link ReviewService} like the API's, with the case version the page showed and a CSRF token.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The reviewer console (HTML pages, browser login)")
@RolesAllowed({ Roles.REVIEWER, Roles.ADMIN })
public class ConsoleResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(ConsoleViews.Queue queue, String user, List<String> claimTypes, String claimType,
                String datasetId, boolean overdue);

        static native TemplateInstance casePage(CaseDetail c, String user, boolean mayDecide, boolean mayConfirm,
                List<DenialReason> reasons, String message, boolean error, CaseEvidence.Listing evidence);
    }

    private final ConsoleViews views;
    private final ReviewService review;
    private final Reviewer reviewer;
    private final CaseEvidence evidence;
    private final AuditLog audit;

    ConsoleResource(ConsoleViews views, ReviewService review, Reviewer reviewer, CaseEvidence evidence, AuditLog audit) {
        this.views = views;
        this.review = review;
        this.reviewer = reviewer;
        this.evidence = evidence;
        this.audit = audit;
    }

    @GET
    @Operation(summary = "The queue page: open cases by deadline, with filters and counts")
    public TemplateInstance queue(@RestQuery String claimType, @RestQuery String datasetId, @RestQuery boolean overdue) {
        ClaimType type = parseClaimType(claimType);
        String dataset = datasetId == null || datasetId.isBlank() ? null : datasetId.strip();
        return Templates.queue(views.queue(new QueueFilter(type, dataset, overdue)), reviewer.currentId(),
                ConsoleViews.claimTypes(), type == null ? "" : type.name(), dataset == null ? "" : dataset, overdue);
    }

    @GET
    @Path("/cases/{id}")
    @Operation(summary = "The case page: claim, candidates, decision forms and history (viewing it is audited)")
    public TemplateInstance casePage(@PathParam("id") UUID id, @RestQuery String decided) {
        return page(id, null, false, decided != null);
    }

    @GET
    @Path("/cases/{id}/evidence/{evidenceId}")
    @Produces("image/png")
    @Operation(summary = "One evidence image of the case's request, fetched from intake as the logged-in person (audited)")
    public Response evidenceImage(@PathParam("id") UUID id, @PathParam("evidenceId") UUID evidenceId) {
        UUID requestId = views.requestOf(id);
        byte[] png = evidence.image(id, requestId, evidenceId)
                .orElseThrow(() -> ProblemException.notFound("evidence image " + evidenceId + " of case " + id));
        QuarkusTransaction.requiringNew().run(() -> audit.record(AuditEntry.Action.EVIDENCE_VIEWED, id, requestId,
                "evidence " + evidenceId));
        return Response.ok(png, "image/png").header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff")
                .build();
    }

    @POST
    @Path("/cases/{id}/approve")
    @RolesAllowed(Roles.REVIEWER)
    @Operation(summary = "Approve the ticked candidates (form post from the case page)")
    public Response approve(@PathParam("id") UUID id, @RestForm("item") List<String> items, @RestForm String version) {
        // Nothing ticked is not "approve all": ReviewService refuses an empty selection.
        return decide(id, true, items == null ? List.of() : items, null, version);
        // (A confirmation of a four-eyes proposal posts the proposed items as hidden fields.)
    }

    @POST
    @Path("/cases/{id}/deny")
    @RolesAllowed(Roles.REVIEWER)
    @Operation(summary = "Deny the case with a reason code (form post from the case page)")
    public Response deny(@PathParam("id") UUID id, @RestForm String reasonCode, @RestForm String version) {
        if (DenialReason.of(reasonCode) == null) {
            return refused(id, ProblemException.invalidField("reasonCode", "choose one of the listed reasons"));
        }
        return decide(id, false, null, reasonCode, version);
    }

    private Response decide(UUID id, boolean approve, List<String> items, String reasonCode, String version) {
        long expectedVersion;
        try {
            expectedVersion = Long.parseLong(version);
        } catch (NumberFormatException | NullPointerException e) {
            return refused(id, ProblemException.invalidField("version", "the form lacks the case version; reload the page"));
        }
        try {
            review.decide(id, approve, items, reasonCode, expectedVersion, reviewer.currentId());
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            return refused(id, e);
        }
        // Post/redirect/get: reloading the result page does not submit the form again.
        return Response.seeOther(UriBuilder.fromPath("/console/cases/{id}").queryParam("decided", "1").build(id)).build();
    }

    /** The case page again, as it is now, with why the decision was refused; nothing was changed. */
    private Response refused(UUID id, ProblemException e) {
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE).entity(page(id, e.getMessage(), true, false)).build();
    }

    private TemplateInstance page(UUID id, String message, boolean error, boolean justDecided) {
        CaseDetail detail = views.viewCase(id);
        if (justDecided) {
            message = detail.proposed() ? "Your approval was proposed; a second reviewer with senior-reviewer must confirm it."
                    : "Your decision was recorded.";
        }
        List<String> roles = reviewer.currentRoles();
        String user = reviewer.currentId();
        boolean mayDecide = detail.open() && roles.contains(Roles.REVIEWER);
        // Four eyes: a proposal is confirmed (or denied) by a senior reviewer who did not propose it.
        boolean mayConfirm = detail.proposed() && roles.contains(Roles.SENIOR_REVIEWER) && !user.equals(detail.proposedBy());
        return Templates.casePage(detail, user, mayDecide, mayConfirm, Arrays.asList(DenialReason.values()), message, error,
                evidence.list(detail.id(), detail.requestId()));
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
}
