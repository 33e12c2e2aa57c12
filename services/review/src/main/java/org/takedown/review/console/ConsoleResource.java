package org.takedown.review.console;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.takedown.events.ClaimType;
import org.takedown.review.audit.AuditEntry;
import org.takedown.review.audit.AuditLog;
import org.takedown.review.cases.CaseActions;
import org.takedown.review.cases.CaseWorkflow;
import org.takedown.review.cases.ExtensionReason;
import org.takedown.review.cases.InformationReason;
import org.takedown.review.cases.ReversalReason;
import org.takedown.review.cases.ReviewCaseRepository.QueueFilter;
import org.takedown.review.cases.Reviewer;
import org.takedown.review.claimant.ClaimantMessages;
import org.takedown.review.claimant.IntakeMessagesClient;
import org.takedown.review.console.ConsoleViews.CaseDetail;
import org.takedown.review.evidence.CandidateImages;
import org.takedown.review.evidence.CaseEvidence;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * The reviewer console: server-rendered pages that work without JavaScript. People log in through
 * Keycloak (the {@code console} OIDC tenant, authorization code flow); every action goes through the
 * same services as the API's, with the case version the page showed and a CSRF token, and ends in a
 * redirect (post/redirect/get) or, when refused, the case page as it is now with the reason.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The reviewer console (HTML pages, browser login)")
@RolesAllowed({ Roles.REVIEWER, Roles.ADMIN })
public class ConsoleResource {

    /** What the person at the page may do with the case; each is checked again by the service. */
    public record Permissions(boolean decide, boolean confirm, boolean claim, boolean unassign, boolean assignOthers,
            boolean requestInformation, boolean extend, boolean reverse, String notice) {
    }

    /** The reason codes of the forms. */
    public record Reasons(List<DenialReason> denial, List<InformationReason> information, List<ExtensionReason> extension,
            List<ReversalReason> reversal) {
    }

    /** A claimant's reply shown on the case page ({@code reply} null: intake did not answer). */
    public record ReplyView(String title, String elementId, UUID replyId, IntakeMessagesClient.Reply reply) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(ConsoleViews.Queue queue, String user, List<String> claimTypes, String claimType,
                String datasetId, boolean overdue, String assignee, String show, String sort, String previousPage, String nextPage,
                String site);

        static native TemplateInstance comparePage(ConsoleViews.Comparison c, String user, CaseEvidence.Listing evidence);

        static native TemplateInstance casePage(CaseDetail c, String user, Permissions may, Reasons reasons, String message,
                boolean error, CaseEvidence.Listing evidence, List<ReplyView> replies);
    }

    private static final Reasons REASONS = new Reasons(Arrays.asList(DenialReason.values()),
            Arrays.asList(InformationReason.values()), Arrays.asList(ExtensionReason.values()),
            Arrays.asList(ReversalReason.values()));

    private final ConsoleViews views;
    private final CaseActions actions;
    private final CaseWorkflow workflow;
    private final Reviewer reviewer;
    private final CaseEvidence evidence;
    private final ClaimantMessages messages;
    private final AuditLog audit;
    private final CandidateImages candidateImages;

    ConsoleResource(ConsoleViews views, CaseActions actions, CaseWorkflow workflow, Reviewer reviewer, CaseEvidence evidence,
            ClaimantMessages messages, AuditLog audit, CandidateImages candidateImages) {
        this.candidateImages = candidateImages;
        this.views = views;
        this.actions = actions;
        this.workflow = workflow;
        this.reviewer = reviewer;
        this.evidence = evidence;
        this.messages = messages;
        this.audit = audit;
    }

    @GET
    @Operation(summary = "The queue page: cases by deadline, with filters and counts")
    public TemplateInstance queue(@RestQuery String claimType, @RestQuery String datasetId, @RestQuery boolean overdue,
            @RestQuery String assignee, @RestQuery String show, @RestQuery String sort, @RestQuery String page,
            @RestQuery String site, @RestQuery String after) {
        ClaimType type = parseClaimType(claimType);
        String siteName = parseSite(site);
        UUID afterCase = parseAfter(after);
        String dataset = datasetId == null || datasetId.isBlank() ? null : datasetId.strip();
        QueueFilter.Assignee who = parse(QueueFilter.Assignee.class, "assignee", assignee, QueueFilter.Assignee.ANYONE);
        QueueFilter.Show which = parse(QueueFilter.Show.class, "show", show, QueueFilter.Show.OPEN);
        QueueFilter.Order order = parse(QueueFilter.Order.class, "sort", sort, QueueFilter.Order.DEFAULT);
        int pageNumber = parsePage(page);
        String me = reviewer.currentId();
        ConsoleViews.Queue queue = views.queue(new QueueFilter(type, dataset, overdue, who, me, which, order, pageNumber - 1,
                siteName, afterCase));
        // "Next" continues after the last row shown (keyset); "Previous" counts rows from the start.
        String next = pageLink(type, dataset, overdue, who, which, order, pageNumber + 1, siteName)
                + (queue.lastId() == null ? "" : "&after=" + queue.lastId());
        return Templates.queue(queue, me, ConsoleViews.claimTypes(), type == null ? "" : type.name(),
                dataset == null ? "" : dataset, overdue, who.name(), which.name(), order.name(),
                pageLink(type, dataset, overdue, who, which, order, pageNumber - 1, siteName), next,
                siteName == null ? "" : siteName);
    }

    /** The last case of the previous page, for keyset paging; not a case id: 400. */
    static UUID parseAfter(String after) {
        if (after == null || after.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(after.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("after", "must be the id of the last case of the previous page");
        }
    }

    /** A site: a host name (lower case, letters, digits, dots and hyphens), the items of which are decided together. */
    static String parseSite(String site) {
        if (site == null || site.isBlank()) {
            return null;
        }
        String host = site.strip().toLowerCase(Locale.ROOT);
        if (host.length() > 253 || !host.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw ProblemException.invalidField("site", "must be a host name such as images.example.org");
        }
        return host;
    }

    /** {@code page} is 1-based in the address; 1 to 100,000 (a deeper page is a filter that is too wide), else 400. */
    static int parsePage(String page) {
        if (page == null || page.isBlank()) {
            return 1;
        }
        try {
            int number = Integer.parseInt(page.strip());
            if (number >= 1 && number <= 100_000) {
                return number;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        throw ProblemException.invalidField("page", "must be a whole number from 1 to 100000");
    }

    private static String pageLink(ClaimType type, String dataset, boolean overdue, QueueFilter.Assignee who,
            QueueFilter.Show which, QueueFilter.Order order, int pageNumber, String site) {
        StringBuilder link = new StringBuilder("/console?show=").append(which.name()).append("&assignee=").append(who.name())
                .append("&sort=").append(order.name());
        if (type != null) {
            link.append("&claimType=").append(type.name());
        }
        if (dataset != null) {
            link.append("&datasetId=").append(java.net.URLEncoder.encode(dataset, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (overdue) {
            link.append("&overdue=true");
        }
        if (site != null) {
            link.append("&site=").append(site);
        }
        return link.append("&page=").append(pageNumber).toString();
    }

    @GET
    @Path("/cases/{id}")
    @Operation(summary = "The case page: claim, candidates, actions and history (viewing it is audited)")
    public TemplateInstance casePage(@PathParam("id") UUID id, @RestQuery String done) {
        return page(id, done == null ? null : doneMessage(done), false);
    }

    @GET
    @Path("/cases/{id}/evidence/{evidenceId}")
    @Produces({ "image/jpeg", "image/png", "image/webp", "application/octet-stream" })
    @Operation(summary = "One evidence image of the case's request, fetched from intake as the logged-in person (audited)")
    public Response evidenceImage(@PathParam("id") UUID id, @PathParam("evidenceId") UUID evidenceId) {
        UUID requestId = views.requestOf(id);
        byte[] image = evidence.image(id, requestId, evidenceId)
                .orElseThrow(() -> ProblemException.notFound("evidence image " + evidenceId + " of case " + id));
        QuarkusTransaction.requiringNew().run(() -> audit.record(AuditEntry.Action.EVIDENCE_VIEWED, id, requestId,
                "evidence " + evidenceId));
        return Response.ok(image, CaseEvidence.mediaType(image)).header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @GET
    @Path("/cases/{id}/candidates/{candidateId}")
    @Operation(summary = "One candidate beside the claimant's evidence images, with the signals and distances that matched (audited)")
    public TemplateInstance comparePage(@PathParam("id") UUID id, @PathParam("candidateId") long candidateId) {
        ConsoleViews.Comparison comparison = views.compare(id, candidateId);
        return Templates.comparePage(comparison, reviewer.currentId(), evidence.list(id, comparison.requestId()));
    }

    @GET
    @Path("/cases/{id}/candidates/{candidateId}/image")
    @Produces({ "image/jpeg", "image/png", "image/gif", "image/webp" })
    @Operation(summary = "A candidate item's image from the ingested release (through matching; never fetched from its URL)")
    public Response candidateImage(@PathParam("id") UUID id, @PathParam("candidateId") long candidateId) {
        ConsoleViews.ItemRef item = views.itemOf(id, candidateId);
        byte[] image = candidateImages.image(item.datasetId(), item.releaseId(), item.itemId(), item.url())
                .orElseThrow(() -> ProblemException.notFound("image of candidate " + item.itemId() + " in its release"));
        String type = CandidateImages.mediaType(image);
        if (type.equals("application/octet-stream")) {
            throw ProblemException.notFound("image of candidate " + item.itemId() + " in a format browsers show");
        }
        // A public data set image, not the claimant's: the browser may keep it for the session's pages.
        return Response.ok(image, type).header("Cache-Control", "private, max-age=300")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @POST
    @Path("/cases/{id}/approve")
    @RolesAllowed(Roles.REVIEWER)
    @Operation(summary = "Approve the ticked candidates, or all of them (form post from the case page)")
    public Response approve(@PathParam("id") UUID id, @RestForm("item") List<String> items, @RestForm String all,
            @RestForm String version) {
        // Nothing ticked is not "approve all": that takes the explicit "all" of the preview's button.
        List<String> chosen = "true".equals(all) ? null : items == null ? List.of() : items;
        return act(id, version, "decided", v -> actions.decide(id, true, chosen, null, v, null));
    }

    @POST
    @Path("/cases/{id}/deny")
    @RolesAllowed(Roles.REVIEWER)
    @Operation(summary = "Deny the case with a reason code and an optional message to the claimant")
    public Response deny(@PathParam("id") UUID id, @RestForm String reasonCode, @RestForm String message,
            @RestForm String version) {
        if (DenialReason.of(reasonCode) == null) {
            return refused(id, ProblemException.invalidField("reasonCode", "choose one of the listed reasons"));
        }
        return act(id, version, "decided", v -> actions.decide(id, false, null, reasonCode, v, message));
    }

    @POST
    @Path("/cases/{id}/claim")
    @RolesAllowed(Roles.REVIEWER)
    @Operation(summary = "Assign the case to oneself")
    public Response claim(@PathParam("id") UUID id, @RestForm String version) {
        return act(id, version, "assigned", v -> workflow.assign(id, v, reviewer.currentId()));
    }

    @POST
    @Path("/cases/{id}/assign")
    @RolesAllowed({ Roles.SENIOR_REVIEWER, Roles.ADMIN })
    @Operation(summary = "Assign the case to another reviewer (senior reviewers and admins)")
    public Response assign(@PathParam("id") UUID id, @RestForm String assignee, @RestForm String version) {
        String to = assignee == null ? null : assignee.strip();
        return act(id, version, "assigned", v -> workflow.assign(id, v, to));
    }

    @POST
    @Path("/cases/{id}/unassign")
    @RolesAllowed({ Roles.REVIEWER, Roles.ADMIN })
    @Operation(summary = "Give the case back to the queue")
    public Response unassign(@PathParam("id") UUID id, @RestForm String version) {
        return act(id, version, "unassigned", v -> workflow.unassign(id, v));
    }

    @POST
    @Path("/cases/{id}/request-information")
    @RolesAllowed(Roles.REVIEWER)
    @Operation(summary = "Ask the claimant for more information (reason codes, optional message); the clock stands still")
    public Response requestInformation(@PathParam("id") UUID id, @RestForm("reasonCode") List<String> reasonCodes,
            @RestForm String message, @RestForm String version) {
        return act(id, version, "information-requested",
                v -> actions.requestInformation(id, v, reasonCodes == null ? List.of() : reasonCodes, message));
    }

    @POST
    @Path("/cases/{id}/extend-deadline")
    @RolesAllowed(Roles.REVIEWER)
    @Operation(summary = "Extend the deadline once, by one or two months, within the first month")
    public Response extendDeadline(@PathParam("id") UUID id, @RestForm String reasonCode, @RestForm String months,
            @RestForm String message, @RestForm String version) {
        int by;
        try {
            by = months == null || months.isBlank() ? 2 : Integer.parseInt(months);
        } catch (NumberFormatException e) {
            return refused(id, ProblemException.invalidField("months", "one or two months"));
        }
        return act(id, version, "extended", v -> actions.extendDeadline(id, v, reasonCode, by, message));
    }

    @POST
    @Path("/cases/{id}/reverse")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Reverse an approval (admins), with a reason code and an optional message to the claimant")
    public Response reverse(@PathParam("id") UUID id, @RestForm String reasonCode, @RestForm String message,
            @RestForm String version) {
        return act(id, version, "reversed", v -> actions.reverse(id, v, reasonCode, message));
    }

    private interface Action {
        void run(long version);
    }

    /** Runs a form's action with the page's case version; then redirects, or shows why it was refused. */
    private Response act(UUID id, String version, String done, Action action) {
        long expectedVersion;
        try {
            expectedVersion = Long.parseLong(version);
        } catch (NumberFormatException | NullPointerException e) {
            return refused(id, ProblemException.invalidField("version", "the form lacks the case version; reload the page"));
        }
        try {
            action.run(expectedVersion);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            return refused(id, e);
        }
        // Post/redirect/get: reloading the result page does not submit the form again.
        return Response.seeOther(UriBuilder.fromPath("/console/cases/{id}").queryParam("done", done).build(id)).build();
    }

    private static String doneMessage(String done) {
        return switch (done) {
            case "decided" -> "decided";
            case "assigned" -> "The assignment was changed.";
            case "unassigned" -> "The case is back in the queue, assigned to nobody.";
            case "information-requested" -> "The claimant was asked for more information; the clock stands still until they answer.";
            case "extended" -> "The deadline was extended.";
            case "reversed" -> "The approval was reversed; propagation withdraws the notices.";
            default -> null;
        };
    }

    /** The case page again, as it is now, with why the action was refused; nothing was changed. */
    private Response refused(UUID id, ProblemException e) {
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE).entity(page(id, e.getMessage(), true)).build();
    }

    private TemplateInstance page(UUID id, String message, boolean error) {
        CaseDetail detail = views.viewCase(id);
        if ("decided".equals(message)) {
            message = detail.proposed() ? "Your approval was proposed; a second reviewer with senior-reviewer must confirm it."
                    : "Your decision was recorded.";
        }
        List<String> roles = reviewer.currentRoles();
        String user = reviewer.currentId();
        ConsoleViews.Workflow w = detail.workflow();
        boolean isReviewer = roles.contains(Roles.REVIEWER);
        boolean ownDenial = w.appeal() && user.equals(w.deniedBy());
        boolean workable = !detail.closed();
        boolean decide = (detail.open() || detail.waiting()) && isReviewer && !ownDenial;
        // Four eyes: a proposal is confirmed (or denied) by a senior reviewer who did not propose it.
        boolean confirm = detail.proposed() && roles.contains(Roles.SENIOR_REVIEWER) && !user.equals(detail.proposedBy())
                && !ownDenial;
        boolean assignOthers = roles.contains(Roles.SENIOR_REVIEWER) || roles.contains(Roles.ADMIN);
        Permissions may = new Permissions(decide, confirm,
                workable && isReviewer && !user.equals(w.assignee()) && !ownDenial,
                workable && w.assignee() != null && (user.equals(w.assignee()) || assignOthers),
                workable && assignOthers,
                detail.open() && isReviewer && !ownDenial,
                workable && isReviewer && w.extendedAt() == null && Instant.now().isBefore(w.extensionUntil()),
                detail.approved() && roles.contains(Roles.ADMIN),
                ownDenial ? "You denied this case before the claimant appealed; another reviewer decides the appeal." : null);
        return Templates.casePage(detail, user, may, REASONS, message, error, evidence.list(detail.id(), detail.requestId()),
                replies(detail));
    }

    /** The claimant's answer and appeal grounds, from intake as the person at the page; each shown reply is audited. */
    private List<ReplyView> replies(CaseDetail detail) {
        List<ReplyView> replies = new ArrayList<>();
        ConsoleViews.Workflow w = detail.workflow();
        if (w.appealReplyId() != null) {
            replies.add(reply(detail, "Grounds of the appeal", "appeal-grounds", w.appealReplyId()));
        }
        if (w.informationReplyId() != null) {
            replies.add(reply(detail, "The claimant's answer", "claimant-reply", w.informationReplyId()));
        }
        return replies;
    }

    private ReplyView reply(CaseDetail detail, String title, String elementId, UUID replyId) {
        IntakeMessagesClient.Reply reply = messages.reply(detail.requestId(), replyId).orElse(null);
        if (reply != null) {
            QuarkusTransaction.requiringNew().run(() -> audit.record(AuditEntry.Action.REPLY_VIEWED, detail.id(), detail.requestId(),
                    "reply " + replyId));
        }
        return new ReplyView(title, elementId, replyId, reply);
    }

    private static ClaimType parseClaimType(String claimType) {
        return parse(ClaimType.class, "claimType", claimType, null);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

}
