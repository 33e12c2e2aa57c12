package org.takedown.intake.verification;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Domain proofs for the status page. The status page must not fail because verification is slow
 * or away: then the claimant sees that the instructions are unavailable for the moment.
 */
@ApplicationScoped
public class DomainProofLookup {

    private static final Logger LOG = Logger.getLogger(DomainProofLookup.class);

    /** What the status page shows: the proofs, or none yet, or that verification could not be asked. */
    public record Result(List<DomainProofs.Proof> proofs, boolean available) {

        static final Result NONE_YET = new Result(List.of(), true);
        static final Result UNAVAILABLE = new Result(List.of(), false);
    }

    private final VerificationClient verification;

    DomainProofLookup(@RestClient VerificationClient verification) {
        this.verification = verification;
    }

    public Result forRequest(UUID requestId) {
        try {
            return new Result(verification.domainProofs(requestId).proofs(), true);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                // Verification has not screened the request yet, or it needs no proof.
                return Result.NONE_YET;
            }
            LOG.warnf("domain proofs of request %s: verification answered %d", requestId, e.getResponse().getStatus());
            return Result.UNAVAILABLE;
        } catch (RuntimeException e) {
            LOG.warnf("domain proofs of request %s: verification not reachable (%s)", requestId, e.getClass().getSimpleName());
            return Result.UNAVAILABLE;
        }
    }
}
