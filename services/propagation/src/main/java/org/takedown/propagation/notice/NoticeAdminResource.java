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
import org.takedown.web.security.Roles;

/** Notices that need an administrator: the failed ones, and replaying them. */
@Path("/api/v1/admin/notices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class NoticeAdminResource {

    /** A notice as an administrator sees it: where it went and how, never its payload. */
    public record NoticeView(UUID id, UUID requestId, String vendorId, UUID endpointId, String endpointUrl, String status,
            int attempts, String lastError, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {

        static NoticeView of(Notice n) {
            return new NoticeView(n.id, n.requestId, n.vendorId, n.endpointId, n.endpointUrl, n.status.name(), n.attempts,
                    n.lastError, n.createdAt, n.nextAttemptAt, n.deliveredAt);
        }
    }

    private final PropagationService propagation;

    NoticeAdminResource(PropagationService propagation) {
        this.propagation = propagation;
    }

    @GET
    @Path("/failed")
    public List<NoticeView> failed(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return propagation.failed(limit).stream().map(NoticeView::of).toList();
    }

    @POST
    @Path("/{id}/replay")
    public Response replay(@PathParam("id") UUID id) {
        return Response.accepted(NoticeView.of(propagation.replay(id))).build();
    }
}
