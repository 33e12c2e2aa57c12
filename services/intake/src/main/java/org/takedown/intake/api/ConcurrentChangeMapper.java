package org.takedown.intake.api;

import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.takedown.web.Problem;

/**
 * Two changes of one request at once (the claimant's click while an event moved it, say): the loser's
 * optimistic lock fails. That is no fault on our side but a race the client can settle by reading the
 * request again, so 409 problem details instead of a 500. Hibernate reports it directly at an explicit
 * flush, or as the cause of the transaction's rollback at commit.
 */
public class ConcurrentChangeMapper {

    private static final Logger LOG = Logger.getLogger(ConcurrentChangeMapper.class);

    @ServerExceptionMapper({ OptimisticLockException.class, StaleStateException.class })
    public Response concurrentChange(RuntimeException e, UriInfo uri) {
        return conflict(uri);
    }

    @ServerExceptionMapper
    public Response rolledBack(RollbackException e, UriInfo uri) {
        if (concurrentChange(e)) {
            return conflict(uri);
        }
        LOG.errorf(e, "transaction rolled back on %s", path(uri));
        Problem problem = new Problem(URI.create("https://takedown.org/problems/internal-error"),
                "Something went wrong on our side", 500, "The error was logged; please try again later.", path(uri), List.of());
        return Response.status(500).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static boolean concurrentChange(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }

    private static Response conflict(UriInfo uri) {
        Problem problem = new Problem(URI.create("https://takedown.org/problems/concurrent-change"),
                "The request was changed at the same time", 409,
                "Someone or something changed this request while your change was being saved; nothing of your change was "
                        + "kept. Read the request again and retry if it still applies.", path(uri), List.of());
        return Response.status(409).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
