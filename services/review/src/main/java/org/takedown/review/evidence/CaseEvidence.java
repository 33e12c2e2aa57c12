package org.takedown.review.evidence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * A case's evidence images as the case page shows them. Intake being slow or away must not take the
 * case page down: the page then says the images are unavailable for the moment.
 */
@ApplicationScoped
public class CaseEvidence {

    private static final Logger LOG = Logger.getLogger(CaseEvidence.class);

    /** The images, or that intake could not be asked ({@code available} false). */
    public record Listing(List<IntakeEvidenceClient.EvidenceItem> items, boolean available) {
    }

    private final IntakeEvidenceClient intake;
    private final SecurityIdentity identity;

    CaseEvidence(@RestClient IntakeEvidenceClient intake, SecurityIdentity identity) {
        this.intake = intake;
        this.identity = identity;
    }

    private String bearer() {
        return bearer(identity);
    }

    /** The caller's own access token (from the console's login), never a token of review's own. */
    static String bearer(SecurityIdentity identity) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new IllegalStateException("no access token of the caller to ask intake with");
        }
        return "Bearer " + token.getToken();
    }

    public Listing list(UUID caseId, UUID requestId) {
        try {
            return new Listing(intake.list(bearer(), requestId, purpose(caseId)), true);
        } catch (WebApplicationException e) {
            LOG.warnf("evidence of request %s: intake answered %d", requestId, e.getResponse().getStatus());
            return new Listing(List.of(), false);
        } catch (RuntimeException e) {
            LOG.warnf("evidence of request %s: intake not reachable (%s)", requestId, e.getClass().getSimpleName());
            return new Listing(List.of(), false);
        }
    }

    /** The image (JPEG, PNG or WebP, see {@link #mediaType}), or empty when intake has no such image for the request. */
    public Optional<byte[]> image(UUID caseId, UUID requestId, UUID evidenceId) {
        try {
            return Optional.of(intake.image(bearer(), requestId, evidenceId, purpose(caseId)));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The media type of an image intake served, from its leading bytes (intake checked the structure of
     * every image it stores); {@code application/octet-stream} for anything else, which browsers will
     * not render.
     */
    public static String mediaType(byte[] image) {
        if (image.length >= 3 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8 && (image[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (image.length >= 8 && (image[0] & 0xFF) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            return "image/png";
        }
        if (image.length >= 12 && image[0] == 'R' && image[1] == 'I' && image[2] == 'F' && image[3] == 'F'
                && image[8] == 'W' && image[9] == 'E' && image[10] == 'B' && image[11] == 'P') {
            return "image/webp";
        }
        return "application/octet-stream";
    }

    private static String purpose(UUID caseId) {
        return "review case " + caseId;
    }
}
