package org.takedown.propagation.notice;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/** Notices that need an administrator: one request's, the failed and the overdue ones, replaying, and one notice's history. */
@Path("/api/v1/admin/notices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class NoticeAdminResource {

    /** A notice as an administrator sees it: where it went and how, never its payload. */
    public record NoticeView(UUID id, UUID requestId, String kind, UUID subjectNoticeId, String vendorId, UUID endpointId,
            String endpointUrl, String status, int attempts, String lastError, Instant createdAt, Instant nextAttemptAt,
            Instant deliveredAt, String vendorState, Instant vendorStateAt, Instant acknowledgementDueAt, Instant overdueSince,
            int reminderCount, Instant lastReminderAt) {

        static NoticeView of(Notice n) {
            return new NoticeView(n.id, n.requestId, n.kind.name(), n.subjectNoticeId, n.vendorId, n.endpointId, n.endpointUrl,
                    n.status.name(), n.attempts, n.lastError, n.createdAt, n.nextAttemptAt, n.deliveredAt,
                    n.vendorState == null ? null : n.vendorState.name(), n.vendorStateAt, n.acknowledgementDueAt,
                    n.overdueSince, n.reminderCount, n.lastReminderAt);
        }
    }

    /** One notice with its acknowledgement history, including the vendors' notes (which never leave this service). */
    public record NoticeDetail(NoticeView notice, List<Acknowledgements.Step> acknowledgements) {
    }

    private final PropagationService propagation;
    private final OverdueNotices overdue;
    private final Acknowledgements acknowledgements;
    private final NoticeRepository notices;

    NoticeAdminResource(PropagationService propagation, OverdueNotices overdue, Acknowledgements acknowledgements,
            NoticeRepository notices) {
        this.propagation = propagation;
        this.overdue = overdue;
        this.acknowledgements = acknowledgements;
        this.notices = notices;
    }

    /** Every notice of one request (removals, reversals, carry-overs, reminders' subjects), oldest first: a request's trace. */
    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Every notice of one request, oldest first",
            description = "Removals, reversals and carry-overs sent for the request, to every vendor: its trace through "
                    + "propagation. 400 without requestId.")
    public List<NoticeView> ofRequest(@QueryParam("requestId") UUID requestId) {
        if (requestId == null) {
            throw ProblemException.invalidField("requestId", "the id of a request is required, e.g. ?requestId=<uuid>");
        }
        return notices.allOf(requestId).stream().map(NoticeView::of).toList();
    }

    @GET
    @Path("/failed")
    public List<NoticeView> failed(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return propagation.failed(limit).stream().map(NoticeView::of).toList();
    }

    /** Removal notices past their acknowledgement deadline without APPLIED, longest overdue first. */
    @GET
    @Path("/overdue")
    public List<NoticeView> overdue(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return overdue.overdue(limit).stream().map(NoticeView::of).toList();
    }

    @GET
    @Path("/{id}")
    public NoticeDetail get(@PathParam("id") UUID id) {
        Notice notice = notices.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("notice " + id));
        return new NoticeDetail(NoticeView.of(notice), acknowledgements.history(id));
    }

    @POST
    @Path("/{id}/replay")
    public Response replay(@PathParam("id") UUID id) {
        return Response.accepted(NoticeView.of(propagation.replay(id))).build();
    }
}
