package org.takedown.review.evidence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Intake's internal evidence API, called with the access token of the person at the console as the
 * bearer token: intake checks their role and logs the read under their name.
 */
@RegisterRestClient(configKey = "intake")
@Path("/api/v1/internal/requests/{requestId}/evidence")
public interface IntakeEvidenceClient {

    String PURPOSE_HEADER = "X-Takedown-Purpose";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EvidenceItem(UUID id, int position, String sourceType, int width, int height, String sha256, Instant receivedAt) {

        /** 1-based, for people. */
        public int number() {
            return position + 1;
        }

        public String shortHash() {
            return sha256 == null || sha256.length() < 12 ? String.valueOf(sha256) : sha256.substring(0, 12);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    List<EvidenceItem> list(@HeaderParam("Authorization") String authorization, @PathParam("requestId") UUID requestId,
            @HeaderParam(PURPOSE_HEADER) String purpose);

    /** The clean image in the format intake stored it (JPEG, PNG or WebP; older images are PNGs). */
    @GET
    @Path("/{evidenceId}")
    @Produces({ "image/jpeg", "image/png", "image/webp" })
    byte[] image(@HeaderParam("Authorization") String authorization, @PathParam("requestId") UUID requestId, @PathParam("evidenceId") UUID evidenceId,
            @HeaderParam(PURPOSE_HEADER) String purpose);
}
