package org.takedown.verification.domain;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.verification.check.VerificationService;

/**
 * Checks pending proofs on a schedule until their window closes. The network calls run outside any
 * transaction; each proof's evidence and its consequence commit together afterwards.
 */
@ApplicationScoped
public class DomainProofChecker {

    private static final Logger LOG = Logger.getLogger(DomainProofChecker.class);

    private final DomainProofService proofs;
    private final WellKnownFileCheck wellKnownFile;
    private final DnsTxtCheck dnsTxt;
    private final VerificationService verification;

    DomainProofChecker(DomainProofService proofs, WellKnownFileCheck wellKnownFile, DnsTxtCheck dnsTxt,
            VerificationService verification) {
        this.proofs = proofs;
        this.wellKnownFile = wellKnownFile;
        this.dnsTxt = dnsTxt;
        this.verification = verification;
    }

    @Scheduled(every = "${takedown.verification.domain-proof.check-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void checkPending() {
        Instant now = Instant.now();
        for (DomainProof proof : proofs.pendingOpenAt(now)) {
            List<CheckResult> results = new ArrayList<>();
            CheckResult file = wellKnownFile.check(proof.domain, proof.token);
            results.add(file);
            if (!file.proven()) {
                results.add(dnsTxt.check(proof.domain, proof.token));
            }
            LOG.debugf("proof %s of request %s: %s", proof.id, proof.requestId, results);
            verification.recordDomainCheck(proof.id, results);
        }
        for (UUID requestId : proofs.overdueRequests(Instant.now())) {
            verification.rejectUnproven(requestId);
        }
    }
}
