package org.takedown.matching.evidence;

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
 * Intake's internal evidence API, called with matching's own token (client credentials of the
 * Keycloak client {@code takedown-matching}, role {@code service}). Every read is written to
 * intake's evidence access log with the purpose we state.
 */
@RegisterRestClient(configKey = "intake")
@OidcClientFilter
@Path("/api/v1/internal/requests/{requestId}/evidence")
public interface IntakeEvidenceClient {

    String PURPOSE_HEADER = "X-Takedown-Purpose";

    /** One evidence image as intake lists it: sizes and a checksum, no pixels. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record EvidenceView(UUID id, int position, int width, int height) {
    }

    /** An image the claimant hashed on their device: its PDQ hash (64 hex digits) and quality, no pixels anywhere. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record EvidenceHashView(int position, String pdq, int quality) {
    }

    @GET
    @Path("/hashes")
    @Produces(MediaType.APPLICATION_JSON)
    List<EvidenceHashView> hashes(@PathParam("requestId") UUID requestId, @HeaderParam(PURPOSE_HEADER) String purpose);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    List<EvidenceView> list(@PathParam("requestId") UUID requestId, @HeaderParam(PURPOSE_HEADER) String purpose);

    /**
     * The cleaned image in the format intake stored it in (PNG, JPEG or WebP): read as raw bytes and
     * decoded by its content, never by the declared type.
     */
    @GET
    @Path("/{evidenceId}")
    @Produces({"image/png", "image/jpeg", "image/webp"})
    byte[] image(@PathParam("requestId") UUID requestId, @PathParam("evidenceId") UUID evidenceId,
                 @HeaderParam(PURPOSE_HEADER) String purpose);
}
