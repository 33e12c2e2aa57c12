package org.takedown.verification.screening;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.takedown.events.RequestSubmitted;
import org.takedown.verification.check.Verification;

/**
 * Screens a request on its pseudonymous claimant ref and its targets, before any rule of substance:
 * deny lists, the per-claimant rate limit, and duplicates of an earlier request of the same claimant.
 */
@ApplicationScoped
public class AbuseScreening {

    public static final String DENIED_CLAIMANT = "DENIED_CLAIMANT";
    public static final String DENIED_DOMAIN = "DENIED_DOMAIN";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String RATE_LIMITED_NETWORK = "RATE_LIMITED_NETWORK";
    public static final String DUPLICATE_REQUEST = "DUPLICATE_REQUEST";

    /** What screening found: a rejection reason (if any), the earlier request a duplicate links to, and the recent rate. */
    public record Result(Optional<String> rejection, UUID duplicateOf, long recentRequests) {
    }

    private final EntityManager entityManager;
    private final ScreeningConfig.RateLimit rateLimit;
    private final ScreeningConfig.NetworkRateLimit networkRateLimit;
    private final Set<String> deniedClaimants;
    private final Set<String> deniedDomains;

    AbuseScreening(EntityManager entityManager, ScreeningConfig.RateLimit rateLimit,
            ScreeningConfig.NetworkRateLimit networkRateLimit, ScreeningConfig.Deny deny) {
        this.entityManager = entityManager;
        this.rateLimit = rateLimit;
        this.networkRateLimit = networkRateLimit;
        this.deniedClaimants = deny.claimantRefs().orElse(Set.of());
        this.deniedDomains = deny.domains().orElse(Set.of()).stream()
                .map(d -> d.strip().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
    }

    public int maxRequests() {
        return rateLimit.maxRequests();
    }

    /**
     * Must run in the transaction that stores the verdict: the claimant's advisory lock makes
     * count-then-insert exact even with several consumers or replicas.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Result screen(RequestSubmitted request, Instant submittedAt, Optional<String> fingerprint) {
        entityManager.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) AS locked")
                .setParameter(1, request.claimantRef())
                .getSingleResult();
        // A request submitted again (with the statements verification asked for) does not count against itself.
        long recent = entityManager.createQuery("select count(v) from Verification v"
                        + " where v.claimantRef = ?1 and v.submittedAt > ?2 and v.requestId <> ?3", Long.class)
                .setParameter(1, request.claimantRef())
                .setParameter(2, submittedAt.minus(rateLimit.window()))
                .setParameter(3, request.requestId())
                .getSingleResult();

        if (deniedClaimants.contains(request.claimantRef())) {
            return new Result(Optional.of(DENIED_CLAIMANT), null, recent);
        }
        if (targetHosts(request).anyMatch(this::denied)) {
            return new Result(Optional.of(DENIED_DOMAIN), null, recent);
        }
        if (recent >= rateLimit.maxRequests()) {
            return new Result(Optional.of(RATE_LIMITED), null, recent);
        }
        if (request.sourceNetworkRef() != null && networkBusy(request.sourceNetworkRef(), submittedAt, request.requestId())) {
            return new Result(Optional.of(RATE_LIMITED_NETWORK), null, recent);
        }
        Optional<UUID> earlier = fingerprint.flatMap(fp -> earlierRequest(request.claimantRef(), fp));
        if (earlier.isPresent()) {
            return new Result(Optional.of(DUPLICATE_REQUEST), earlier.get(), recent);
        }
        return new Result(Optional.empty(), null, recent);
    }

    /**
     * Many claimants behind one network (a flood from rotating addresses of one block) share its
     * limit. Locked after the claimant's lock, always in that order, so two requests never wait on
     * each other in a cycle.
     */
    private boolean networkBusy(String networkRef, Instant submittedAt, UUID requestId) {
        entityManager.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) AS locked")
                .setParameter(1, networkRef)
                .getSingleResult();
        long fromNetwork = entityManager.createQuery("select count(v) from Verification v"
                        + " where v.sourceNetworkRef = ?1 and v.submittedAt > ?2 and v.requestId <> ?3", Long.class)
                .setParameter(1, networkRef)
                .setParameter(2, submittedAt.minus(networkRateLimit.window()))
                .setParameter(3, requestId)
                .getSingleResult();
        return fromNetwork >= networkRateLimit.maxRequests();
    }

    /** An earlier request with the same targets that is still alive (verified or waiting for a domain proof). */
    private Optional<UUID> earlierRequest(String claimantRef, String fingerprint) {
        List<UUID> earlier = entityManager.createQuery("select v.requestId from Verification v"
                        + " where v.claimantRef = ?1 and v.fingerprint = ?2 and v.outcome in ?3 order by v.submittedAt", UUID.class)
                .setParameter(1, claimantRef)
                .setParameter(2, fingerprint)
                .setParameter(3, List.of(Verification.Outcome.VERIFIED, Verification.Outcome.AWAITING_DOMAIN_PROOF))
                .setMaxResults(1)
                .getResultList();
        return earlier.stream().findFirst();
    }

    private boolean denied(String host) {
        return deniedDomains.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d));
    }

    private static Stream<String> targetHosts(RequestSubmitted request) {
        return Stream.concat(request.imageUrls().stream(), request.domains().stream())
                .map(AbuseScreening::host)
                .flatMap(Optional::stream);
    }

    static Optional<String> host(String target) {
        String value = target.strip().toLowerCase(Locale.ROOT);
        try {
            String host = value.contains("://") ? URI.create(value).getHost() : value.split("[/:]", 2)[0];
            if (host == null || host.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
