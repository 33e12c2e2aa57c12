package org.takedown.verification.check;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.ClaimType;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestVerified;
import org.takedown.messaging.Outbox;

/** Decides whether a submitted request goes on to matching; verdict and event in one transaction. */
@ApplicationScoped
public class VerificationService {

    /** Flag for reviewers: a site opt-out whose control of the domain is not proven yet. */
    public static final String DOMAIN_CONTROL_UNPROVEN = "DOMAIN_CONTROL_UNPROVEN";

    private static final Logger LOG = Logger.getLogger(VerificationService.class);

    private final VerificationRepository verifications;
    private final Outbox outbox;

    VerificationService(VerificationRepository verifications, Outbox outbox) {
        this.verifications = verifications;
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void verify(RequestSubmitted request) {
        Instant now = Instant.now();
        Optional<String> failure = CompletenessRules.firstFailure(request);
        Verification verdict = new Verification();
        verdict.requestId = request.requestId();
        verdict.claimType = request.claimType();
        verdict.claimantRef = request.claimantRef();
        verdict.decidedAt = now;
        verdict.outcome = failure.isPresent() ? Verification.Outcome.REJECTED : Verification.Outcome.VERIFIED;
        verdict.reasonCode = failure.orElse(null);
        List<String> flags = request.claimType() == ClaimType.SITE_OPT_OUT ? List.of(DOMAIN_CONTROL_UNPROVEN) : List.of();
        verdict.riskScore = flags.isEmpty() ? 0 : 50;
        verifications.persist(verdict);

        if (failure.isPresent()) {
            outbox.publish(new RequestRejected(UUID.randomUUID(), now, request.requestId(), failure.get()));
        } else {
            outbox.publish(new RequestVerified(UUID.randomUUID(), now, request.requestId(), request.claimType(),
                    request.imageUrls(), request.domains(), request.textQueryCount(), request.evidenceImageCount(),
                    verdict.riskScore, flags));
        }
        LOG.infof("request %s %s%s", request.requestId(), verdict.outcome, failure.map(r -> " (" + r + ")").orElse(""));
    }
}
