package org.takedown.propagation.vendor;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.takedown.propagation.apikey.ApiKeys;
import org.takedown.web.security.Roles;
import org.takedown.propagation.vendor.VendorApi.EndpointRegistration;
import org.takedown.propagation.vendor.VendorApi.EndpointView;
import org.takedown.propagation.vendor.VendorApi.SecretRotated;
import org.takedown.propagation.vendor.VendorApi.SecretRotation;
import org.takedown.propagation.vendor.VendorApi.VendorChange;
import org.takedown.propagation.vendor.VendorApi.VendorCreated;
import org.takedown.propagation.vendor.VendorApi.VendorRegistration;
import org.takedown.propagation.vendor.VendorApi.VendorView;

/**
 * The vendor registry for administrators (role {@code admin}). A vendor's id here is the
 * {@code vendor_id} claim of its Keycloak client's tokens.
 */
@Path("/api/v1/admin/vendors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class VendorResource {

    private final VendorService registry;
    private final ApiKeys apiKeys;

    VendorResource(VendorService registry, ApiKeys apiKeys) {
        this.registry = registry;
        this.apiKeys = apiKeys;
    }

    @POST
    public Response register(@NotNull @Valid VendorRegistration registration) {
        VendorCreated created = registry.register(registration);
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    public List<VendorView> list() {
        return registry.list();
    }

    @GET
    @Path("/{id}")
    public VendorView get(@PathParam("id") String id) {
        return registry.get(id);
    }

    @PATCH
    @Path("/{id}")
    public VendorView change(@PathParam("id") String id, @NotNull @Valid VendorChange change) {
        VendorView changed = registry.change(id, change);
        if (change.enabled() != null) {
            apiKeys.reload(); // a disabled vendor's API keys stop working here at once, elsewhere within the refresh interval
        }
        return changed;
    }

    @POST
    @Path("/{id}/endpoints")
    public Response addEndpoint(@PathParam("id") String id, @NotNull @Valid EndpointRegistration registration) {
        EndpointView endpoint = registry.addEndpoint(id, registration);
        return Response.status(Response.Status.CREATED).entity(endpoint).build();
    }

    @POST
    @Path("/{id}/endpoints/{endpointId}/disable")
    public EndpointView disableEndpoint(@PathParam("id") String id, @PathParam("endpointId") UUID endpointId) {
        return registry.setEndpointEnabled(id, endpointId, false);
    }

    @POST
    @Path("/{id}/endpoints/{endpointId}/enable")
    public EndpointView enableEndpoint(@PathParam("id") String id, @PathParam("endpointId") UUID endpointId) {
        return registry.setEndpointEnabled(id, endpointId, true);
    }

    /** Returns the new secret once; the old ones stay valid for the grace period (default from configuration). */
    @POST
    @Path("/{id}/secrets/rotate")
    public Response rotate(@PathParam("id") String id, @Valid SecretRotation rotation) {
        Optional<Duration> grace = Optional.ofNullable(rotation).map(SecretRotation::gracePeriodSeconds).map(Duration::ofSeconds);
        SecretRotated rotated = registry.rotateSecret(id, grace);
        return Response.status(Response.Status.CREATED).entity(rotated).build();
    }
}
