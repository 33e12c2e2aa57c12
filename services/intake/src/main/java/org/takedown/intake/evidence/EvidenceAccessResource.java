package org.takedown.intake.evidence;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.takedown.web.security.Roles;

/** The evidence access log, for admins. */
@Path("/api/v1/admin/evidence-access")
@Tag(name = "Evidence (internal)")
@RolesAllowed(Roles.ADMIN)
public class EvidenceAccessResource {

    private final EvidenceAccessLog log;

    EvidenceAccessResource(EvidenceAccessLog log) {
        this.log = log;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who read which evidence, when and why; newest first (admins)")
    public List<EvidenceAccessLog.Entry> list(@QueryParam("requestId") String requestId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return log.search(requestId == null ? null : EvidenceResource.parse("requestId", requestId), limit);
    }
}
