package org.takedown.messaging;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;
import org.takedown.events.EventCodec;

/**
 * Whether applying an event failed because something around it is away (transient: wait and apply it
 * again, in place) or because of the event itself (deterministic: the same input fails the same way,
 * so it goes to the dead-letter topic). The whole cause chain is read; a deterministic cause anywhere
 * wins, so a constraint violation reported at commit is not mistaken for a database outage.
 *
 * <p>Transient: the database (any SQL state but data exceptions, class 22, and integrity violations,
 * class 23), lock and query timeouts, I/O, HTTP to another service that could not be reached or
 * answered 5xx, 408, 429, 401 or 403 (Keycloak away, a token not yet valid, a role an operator adds),
 * OIDC clients, Kafka's retriable errors, fault-tolerance timeouts and open circuits. Deterministic:
 * malformed events, {@link InvariantViolation}, other HTTP 4xx, and everything not recognised as
 * transient, such as a programming error: dead-lettered with its reason rather than holding back every
 * request of its partition until a fix is deployed.
 */
enum FailureKind {
    TRANSIENT,
    DETERMINISTIC;

    /** Class names of transient failures from extensions a service may not have on its class path. */
    private static final Set<String> TRANSIENT_BY_NAME = Set.of(
            "io.quarkus.oidc.client.OidcClientException",
            "io.quarkus.oidc.OIDCException",
            "io.vertx.core.http.HttpClosedException",
            "io.vertx.core.VertxException");

    private static final int MAX_DEPTH = 20;

    static FailureKind of(Throwable failure) {
        boolean transientCause = false;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null && seen.size() <= MAX_DEPTH;
                cause = cause.getCause()) {
            if (deterministic(cause)) {
                return DETERMINISTIC;
            }
            transientCause |= transientFailure(cause);
        }
        return transientCause ? TRANSIENT : DETERMINISTIC;
    }

    private static boolean deterministic(Throwable cause) {
        if (cause instanceof EventCodec.MalformedEventException || cause instanceof InvariantViolation) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("22") || state.startsWith("23");
        }
        if (cause instanceof WebApplicationException web && web.getResponse() != null) {
            int status = web.getResponse().getStatus();
            return status >= 400 && status < 500 && !transientStatus(status);
        }
        return false;
    }

    private static boolean transientFailure(Throwable cause) {
        if (cause instanceof WebApplicationException web) {
            return web.getResponse() == null || web.getResponse().getStatus() >= 500 || transientStatus(web.getResponse().getStatus());
        }
        return cause instanceof SQLException
                || cause instanceof JDBCConnectionException
                || cause instanceof LockTimeoutException || cause instanceof PessimisticLockException
                // Another transaction changed the same row first (an entity's @Version): read it again and apply.
                || cause instanceof OptimisticLockException || cause instanceof StaleStateException
                || cause instanceof QueryTimeoutException
                || cause instanceof RollbackException || cause instanceof HeuristicMixedException
                || cause instanceof HeuristicRollbackException
                || cause instanceof IOException || cause instanceof UncheckedIOException
                || cause instanceof TimeoutException
                || cause instanceof ProcessingException
                || cause instanceof RetriableException
                || cause instanceof FaultToleranceException
                || TRANSIENT_BY_NAME.contains(cause.getClass().getName());
    }

    private static boolean transientStatus(int status) {
        return status == 401 || status == 403 || status == 408 || status == 429;
    }
}
