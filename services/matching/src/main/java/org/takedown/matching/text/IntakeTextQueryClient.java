package org.takedown.matching.text;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Intake's internal API for a request's free-text queries (e.g. a name that appears in captions):
 * personal data, so never in Kafka. Called with matching's own token (client credentials of the
 * Keycloak client {@code takedown-matching}, role {@code service}); intake logs every read with the
 * purpose we state, like evidence reads.
 */
@RegisterRestClient(configKey = "intake")
@OidcClientFilter
@Path("/api/v1/internal/requests/{requestId}/text-queries")
public interface IntakeTextQueryClient {

    String PURPOSE_HEADER = "X-Takedown-Purpose";

    /** One free-text query and its position on the request. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TextQuery(int position, String text) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    List<TextQuery> list(@PathParam("requestId") UUID requestId, @HeaderParam(PURPOSE_HEADER) String purpose);
}
