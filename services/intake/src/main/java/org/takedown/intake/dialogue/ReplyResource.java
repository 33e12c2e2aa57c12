package org.takedown.intake.dialogue;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.intake.evidence.EvidenceResource;
import org.takedown.web.security.Roles;

/** A claimant's reply (an answer, or the grounds of an appeal) for reviewers, admins and services; every read is logged. */
@Path("/api/v1/internal/requests/{requestId}/replies")
@Tag(name = "Claimant dialogue (internal)")
@RolesAllowed({ Roles.REVIEWER, Roles.ADMIN, Roles.SERVICE })
public class ReplyResource {

    private final ReplyService replies;
    private final SecurityIdentity identity;

    ReplyResource(ReplyService replies, SecurityIdentity identity) {
        this.replies = replies;
        this.identity = identity;
    }

    @GET
    @Path("/{replyId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One reply of the claimant (logged in the evidence access log)")
    public Response read(@PathParam("requestId") String requestId, @PathParam("replyId") String replyId,
            @HeaderParam(EvidenceResource.PURPOSE_HEADER) String purpose) {
        ReplyService.Reply reply = replies.read(MessageResource.parse("requestId", requestId),
                MessageResource.parse("replyId", replyId), identity, purpose);
        return Response.ok(reply).header("Cache-Control", "no-store").build();
    }
}
