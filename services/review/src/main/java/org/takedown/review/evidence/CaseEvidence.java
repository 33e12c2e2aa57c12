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

    /** The caller's own access token (from the console's login), never a token of review's own. */
    private String bearer() {
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

    /** The PNG, or empty when intake has no such image for the request. */
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

    private static String purpose(UUID caseId) {
        return "review case " + caseId;
    }
}
