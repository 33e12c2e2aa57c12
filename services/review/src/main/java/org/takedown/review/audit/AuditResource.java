package org.takedown.review.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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

@Path("/api/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Who read or decided what, when and why")
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    public record AuditView(long id, Instant occurredAt, String actor, List<String> actorRoles, String action, UUID caseId,
            UUID requestId, String reason) {
    }

    private final AuditLog audit;

    AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "The audit log, newest first", description = "Admins only. Filter by case, request or actor.")
    public List<AuditView> list(@QueryParam("caseId") UUID caseId, @QueryParam("requestId") UUID requestId,
            @QueryParam("actor") String actor, @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return audit.search(caseId, requestId, actor, limit).stream()
                .map(e -> new AuditView(e.id, e.occurredAt, e.actor, e.actorRoles.isEmpty() ? List.of() : List.of(e.actorRoles.split(",")),
                        e.action.name(), e.caseId, e.requestId, e.reason))
                .toList();
    }
}
