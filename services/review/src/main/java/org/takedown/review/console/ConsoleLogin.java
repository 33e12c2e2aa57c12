package org.takedown.review.console;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.takedown.web.ProblemMappers;

/**
 * Sends a browser without a console session to the Keycloak login page. Authentication is lazy, so an
 * anonymous call of a console page ends in {@link UnauthorizedException}; shared/web maps that to a
 * 401 problem (right for the API), which would leave a person in front of a JSON body. For console
 * paths this mapper asks the console OIDC tenant for its challenge instead (the redirect to Keycloak,
 * with the state and PKCE cookie); everything else keeps the shared 401 answer.
 */
public class ConsoleLogin {

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper(value = { UnauthorizedException.class, AuthenticationFailedException.class },
            priority = Priorities.USER - 100)
    public Uni<Response> challenge(RuntimeException e, UriInfo uri, RoutingContext routing) {
        HttpAuthenticator authenticator = routing.get(HttpAuthenticator.class.getName());
        if (!isConsole(routing.normalizedPath()) || authenticator == null) {
            return Uni.createFrom().item(problems.unauthenticated(e, uri));
        }
        return authenticator.getChallenge(routing).map(challenge -> toResponse(challenge, e, uri));
    }

    private Response toResponse(ChallengeData challenge, RuntimeException e, UriInfo uri) {
        if (challenge == null || challenge.status != 302) {
            return problems.unauthenticated(e, uri);
        }
        Response.ResponseBuilder response = Response.status(challenge.status).header(HttpHeaders.CACHE_CONTROL, "no-store");
        for (Map.Entry<CharSequence, String> header : challenge.getHeaders().entrySet()) {
            response.header(header.getKey().toString(), header.getValue());
        }
        return response.build();
    }

    static boolean isConsole(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }
}
