package org.takedown.verification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tokens per request and domain, and the evidence of every check against them. */
@ApplicationScoped
public class DomainProofService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager entityManager;
    private final DomainProofConfig config;

    DomainProofService(EntityManager entityManager, DomainProofConfig config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<DomainProof> issue(UUID requestId, Collection<String> hosts, Instant now) {
        return new LinkedHashSet<>(hosts).stream().map(host -> {
            DomainProof proof = new DomainProof();
            proof.id = UUID.randomUUID();
            proof.requestId = requestId;
            proof.domain = host;
            proof.token = newToken();
            proof.status = DomainProof.Status.PENDING;
            proof.issuedAt = now;
            proof.deadline = now.plus(config.window());
            entityManager.persist(proof);
            return proof;
        }).toList();
    }

    public List<DomainProof> forRequest(UUID requestId) {
        return entityManager.createQuery("from DomainProof p where p.requestId = ?1 order by p.domain", DomainProof.class)
                .setParameter(1, requestId)
                .getResultList();
    }

    @Transactional
    public List<DomainProof> pendingOpenAt(Instant now) {
        return entityManager.createQuery("from DomainProof p where p.status = ?1 and p.deadline > ?2 order by p.issuedAt",
                        DomainProof.class)
                .setParameter(1, DomainProof.Status.PENDING)
                .setParameter(2, now)
                .getResultList();
    }

    /** Requests with a pending proof whose window has closed. */
    @Transactional
    public List<UUID> overdueRequests(Instant now) {
        return entityManager.createQuery("select distinct p.requestId from DomainProof p where p.status = ?1 and p.deadline <= ?2",
                        UUID.class)
                .setParameter(1, DomainProof.Status.PENDING)
                .setParameter(2, now)
                .getResultList();
    }

    /**
     * Records the evidence of a check and, if it proved control, marks the proof proven.
     *
     * @return whether every proof of the proof's request is now proven
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(UUID proofId, List<CheckResult> results, Instant now) {
        DomainProof proof = entityManager.find(DomainProof.class, proofId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (proof == null || proof.status != DomainProof.Status.PENDING) {
            return false;
        }
        for (CheckResult result : results) {
            DomainProofCheck check = new DomainProofCheck();
            check.id = UUID.randomUUID();
            check.proofId = proofId;
            check.checkedAt = now;
            check.method = result.method();
            check.result = result.result();
            check.detail = result.detail().length() > 1000 ? result.detail().substring(0, 1000) : result.detail();
            entityManager.persist(check);
        }
        Optional<CheckResult> proven = results.stream().filter(CheckResult::proven).findFirst();
        if (proven.isEmpty()) {
            return false;
        }
        proof.status = DomainProof.Status.PROVEN;
        proof.provenAt = now;
        proof.provenBy = proven.get().method();
        entityManager.flush();
        return forRequest(proof.requestId).stream().allMatch(p -> p.status == DomainProof.Status.PROVEN);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void expire(UUID requestId) {
        forRequest(requestId).stream()
                .filter(p -> p.status == DomainProof.Status.PENDING)
                .forEach(p -> p.status = DomainProof.Status.EXPIRED);
    }

    public List<DomainProofCheck> checks(UUID proofId) {
        return entityManager.createQuery("from DomainProofCheck c where c.proofId = ?1 order by c.checkedAt, c.method",
                        DomainProofCheck.class)
                .setParameter(1, proofId)
                .getResultList();
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "tdv1-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
