package org.takedown.intake.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.intake.request.AccessTokens;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;
import org.takedown.intake.status.StatusChange;
import org.takedown.web.ProblemException;

/**
 * The one door to a claimant's request: checks the capability token, limits guessing per request
 * id and per client address, and rotates tokens.
 */
@ApplicationScoped
public class ClaimantAccess {

    private static final Logger LOG = Logger.getLogger(ClaimantAccess.class);
    public static final String TOKEN_ROTATED = "TOKEN_ROTATED";

    /** Compared against when the id is unknown, so that both failures cost the same. */
    private static final byte[] NO_REQUEST_HASH = new byte[32];

    static {
        new SecureRandom().nextBytes(NO_REQUEST_HASH);
    }

    private final TakedownRequestRepository requests;
    private final FailedAttemptLimiter limiter;

    ClaimantAccess(TakedownRequestRepository requests, AccessConfig config) {
        this.requests = requests;
        this.limiter = new FailedAttemptLimiter(config.maxFailures(), config.failureWindow(), config.maxTrackedKeys(),
                Clock.systemUTC());
    }

    /** A new token for the request; shown to the claimant once, stored only as a hash. */
    public record Rotated(UUID id, String accessToken) {
    }

    /**
     * The request, if the token opens it. Unknown id and wrong token fail alike (404); while too many
     * wrong tokens were tried for this id or from this address, every attempt gets 429.
     */
    // A refusal writes nothing, so it must not doom the caller's transaction (the status page renders it).
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public TakedownRequest open(String id, String token, Optional<InetAddress> client) {
        String idKey = "id:" + id;
        Optional<String> addressKey = client.map(address -> "address:" + address.getHostAddress());
        Duration blocked = longest(limiter.blockedFor(idKey), addressKey.flatMap(limiter::blockedFor));
        if (blocked != null) {
            throw new TooManyAttemptsException(blocked);
        }
        TakedownRequest request = parseId(id).flatMap(requests::findWithTimeline).orElse(null);
        boolean tokenMatches = AccessTokens.matches(token, request == null ? NO_REQUEST_HASH : request.accessTokenHash);
        if (request == null || !tokenMatches) {
            limiter.recordFailure(idKey);
            addressKey.ifPresent(limiter::recordFailure);
            // Same answer for "no such request" and "not your token": ids cannot be probed.
            throw ProblemException.notFound("request " + id);
        }
        return request;
    }

    /** Replaces the token: the presented one stops working at once. Recorded in the timeline, without the token. */
    @Transactional
    public Rotated rotate(String id, String token, Optional<InetAddress> client) {
        TakedownRequest request = open(id, token, client);
        String fresh = AccessTokens.newToken();
        Instant now = Instant.now();
        request.accessTokenHash = AccessTokens.hash(fresh);
        request.timeline.add(StatusChange.note(request, TOKEN_ROTATED, now));
        request.updatedAt = now;
        requests.flush();
        LOG.infof("request %s: access token rotated", request.id);
        return new Rotated(request.id, fresh);
    }

    private static Duration longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isPresent() && b.isPresent()) {
            return a.get().compareTo(b.get()) >= 0 ? a.get() : b.get();
        }
        return a.or(() -> b).orElse(null);
    }

    private static Optional<UUID> parseId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
