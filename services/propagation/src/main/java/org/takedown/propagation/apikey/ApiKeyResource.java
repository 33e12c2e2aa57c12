package org.takedown.propagation.apikey;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.takedown.propagation.apikey.ApiKeyService.ApiKeyIssued;
import org.takedown.propagation.apikey.ApiKeyService.ApiKeyView;
import org.takedown.web.security.Roles;

/**
 * A vendor's API keys, for administrators: issued (the key answered once), listed (without it), revoked. A change
 * is read into this replica's key map before the answer goes out, so it holds here at once; other replicas follow
 * within {@code takedown.propagation.api-keys.refresh-interval}.
 */
@Path("/api/v1/admin/vendors/{id}/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ApiKeyResource {

    private final ApiKeyService service;
    private final ApiKeys keys;

    ApiKeyResource(ApiKeyService service, ApiKeys keys) {
        this.service = service;
        this.keys = keys;
    }

    @POST
    public Response issue(@PathParam("id") String vendorId) {
        ApiKeyIssued issued = service.issue(vendorId);
        keys.reload();
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    @GET
    public List<ApiKeyView> list(@PathParam("id") String vendorId) {
        return service.list(vendorId);
    }

    @DELETE
    @Path("/{keyId}")
    public Response revoke(@PathParam("id") String vendorId, @PathParam("keyId") UUID keyId) {
        service.revoke(vendorId, keyId);
        keys.reload();
        return Response.noContent().build();
    }
}
