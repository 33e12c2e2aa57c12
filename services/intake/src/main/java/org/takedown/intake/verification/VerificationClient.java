package org.takedown.intake.verification;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Verification's API, called with intake's own token (client credentials of the Keycloak client
 * {@code takedown-intake}, role {@code service}) — never with the claimant's capability token and
 * never with a shared secret in a header.
 */
@RegisterRestClient(configKey = "verification")
@OidcClientFilter
@Path("/api/v1/requests")
public interface VerificationClient {

    @GET
    @Path("/{requestId}/domain-proofs")
    @Produces(MediaType.APPLICATION_JSON)
    DomainProofs domainProofs(@PathParam("requestId") UUID requestId);
}
