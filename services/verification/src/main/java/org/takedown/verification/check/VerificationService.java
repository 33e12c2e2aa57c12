package org.takedown.verification.check;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.LegalClock;
import org.takedown.events.RequestNeedsInformation;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestVerified;
import org.takedown.messaging.Outbox;
import org.takedown.verification.completeness.ElementRules;
import org.takedown.verification.domain.CheckResult;
import org.takedown.verification.domain.DomainNames;
import org.takedown.verification.domain.DomainProof;
import org.takedown.verification.domain.DomainProofService;
import org.takedown.verification.screening.AbuseScreening;
import org.takedown.verification.screening.RequestFingerprint;
import org.takedown.verification.screening.RiskScorer;

/**
 * Decides whether a submitted request goes on to matching: abuse screening, completeness, then (for
 * site opt-outs) proof of control of the domain. Every verdict and its event commit in one transaction.
 */
@ApplicationScoped
public class VerificationService {

    public static final String DOMAIN_CONTROL_NOT_PROVEN = "DOMAIN_CONTROL_NOT_PROVEN";

    private static final Logger LOG = Logger.getLogger(VerificationService.class);

    private final VerificationRepository verifications;
    private final Outbox outbox;
    private final AbuseScreening screening;
    private final ElementRules elements;
    private final RiskScorer risk;
    private final DomainProofService proofs;

    VerificationService(VerificationRepository verifications, Outbox outbox, AbuseScreening screening,
            ElementRules elements, RiskScorer risk, DomainProofService proofs) {
        this.verifications = verifications;
        this.outbox = outbox;
        this.screening = screening;
        this.elements = elements;
        this.risk = risk;
        this.proofs = proofs;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void verify(RequestSubmitted request) {
        Instant now = Instant.now();
        Verification earlier = verifications.findById(request.requestId(), LockModeType.PESSIMISTIC_WRITE);
        if (earlier != null && earlier.outcome != Verification.Outcome.NEEDS_INFORMATION) {
            // Only a request we asked to complete comes back under its id (intake re-submits it with the
            // missing statements); anything else already has its verdict.
            LOG.infof("request %s submitted again while %s: ignored", request.requestId(), earlier.outcome);
            return;
        }
        Optional<String> fingerprint = RequestFingerprint.of(request);
        Instant submittedAt = request.occurredAt() == null ? now : request.occurredAt();
        AbuseScreening.Result screened = screening.screen(request, submittedAt, fingerprint);

        // A re-submission is checked again from the start, on the request's own row: it is the same
        // request (not a duplicate of itself, and not one more towards the claimant's rate limit).
        Verification verdict = earlier == null ? new Verification() : earlier;
        verdict.reasonCode = null;
        verdict.duplicateOf = null;
        verdict.missingElements = null;
        verdict.requestId = request.requestId();
        verdict.claimType = request.claimType();
        verdict.claimantRef = request.claimantRef();
        verdict.sourceNetworkRef = request.sourceNetworkRef();
        verdict.submittedAt = submittedAt;
        verdict.decidedAt = now;
        verdict.fingerprint = fingerprint.orElse(null);

        Optional<String> rejection = screened.rejection().or(() -> CompletenessRules.firstFailure(request));
        if (rejection.isPresent()) {
            reject(verdict, rejection.get(), screened.duplicateOf());
            return;
        }
        Optional<List<String>> missing = elements.missing(request);
        if (missing.isPresent()) {
            needsInformation(verdict, missing.get());
            return;
        }
        List<String> flags = risk.flags(request, screened.recentRequests(), screening.maxRequests());
        if (request.claimType() == ClaimType.SITE_OPT_OUT) {
            awaitDomainProof(verdict, request, flags);
            return;
        }
        verified(verdict, request, flags, request.clock());
    }

    /** Records the evidence of one check; when the request's last domain is proven, the request is verified. */
    @Transactional
    public void recordDomainCheck(UUID proofId, List<CheckResult> results) {
        Instant now = Instant.now();
        // The request's row first: checks of two domains of one request then finish one after the
        // other, and the second sees the first one's proof.
        Verification verdict = verifications.findById(requestOf(proofId), LockModeType.PESSIMISTIC_WRITE);
        if (verdict == null || verdict.outcome != Verification.Outcome.AWAITING_DOMAIN_PROOF
                || !proofs.record(proofId, results, now)) {
            return;
        }
        RequestSubmitted request = EventCodec.read(verdict.submittedEvent, RequestSubmitted.class);
        List<String> flags = new ArrayList<>(verdict.flagList());
        flags.add(RiskScorer.DOMAIN_CONTROL_PROVEN);
        // We asked the claimant for the proof when we started waiting (decidedAt): the legal clock stood still since.
        LegalClock clock = request.clock() == null ? null : request.clock().withPause(verdict.decidedAt, now);
        verdict.decidedAt = now;
        verified(verdict, request, flags, clock);
    }

    /** The proof window closed with a domain unproven: the request is rejected. */
    @Transactional
    public void rejectUnproven(UUID requestId) {
        Verification verdict = verifications.findById(requestId, LockModeType.PESSIMISTIC_WRITE);
        if (verdict == null || verdict.outcome != Verification.Outcome.AWAITING_DOMAIN_PROOF) {
            return;
        }
        proofs.expire(requestId);
        verdict.decidedAt = Instant.now();
        reject(verdict, DOMAIN_CONTROL_NOT_PROVEN, null);
    }

    private UUID requestOf(UUID proofId) {
        return verifications.getEntityManager().find(DomainProof.class, proofId).requestId;
    }

    private void awaitDomainProof(Verification verdict, RequestSubmitted request, List<String> flags) {
        List<String> hosts = new ArrayList<>();
        for (String domain : request.domains()) {
            DomainNames.Parsed parsed = DomainNames.parse(domain);
            if (!parsed.ok()) {
                reject(verdict, parsed.refusal(), null);
                return;
            }
            hosts.add(parsed.host());
        }
        verdict.outcome = Verification.Outcome.AWAITING_DOMAIN_PROOF;
        verdict.flags = String.join(",", flags);
        verdict.riskScore = risk.score(flags);
        verdict.submittedEvent = EventCodec.write(request);
        verifications.persistAndFlush(verdict);
        proofs.issue(request.requestId(), hosts, verdict.decidedAt);
        LOG.infof("request %s awaits proof of control of %d domain(s)", request.requestId(), hosts.size());
    }

    private void verified(Verification verdict, RequestSubmitted request, List<String> flags, LegalClock clock) {
        verdict.outcome = Verification.Outcome.VERIFIED;
        verdict.flags = String.join(",", flags);
        verdict.riskScore = risk.score(flags);
        persistIfNew(verdict);
        outbox.publish(RequestVerified.of(request, verdict.riskScore, flags, clock));
        LOG.infof("request %s VERIFIED (risk %d %s)", request.requestId(), verdict.riskScore, flags);
    }

    private void reject(Verification verdict, String reasonCode, UUID duplicateOf) {
        verdict.outcome = Verification.Outcome.REJECTED;
        verdict.reasonCode = reasonCode;
        verdict.duplicateOf = duplicateOf;
        persistIfNew(verdict);
        outbox.publish(RequestRejected.of(verdict.requestId, reasonCode, duplicateOf));
        LOG.infof("request %s REJECTED (%s)%s", verdict.requestId, reasonCode,
                duplicateOf == null ? "" : " duplicate of " + duplicateOf);
    }

    private void needsInformation(Verification verdict, List<String> missing) {
        verdict.outcome = Verification.Outcome.NEEDS_INFORMATION;
        verdict.missingElements = String.join(",", missing);
        persistIfNew(verdict);
        outbox.publish(RequestNeedsInformation.of(verdict.requestId, verdict.claimType, missing));
        LOG.infof("request %s NEEDS_INFORMATION (%s)", verdict.requestId, verdict.missingElements);
    }

    private void persistIfNew(Verification verdict) {
        if (!verifications.isPersistent(verdict)) {
            verifications.persist(verdict);
        }
    }
}
