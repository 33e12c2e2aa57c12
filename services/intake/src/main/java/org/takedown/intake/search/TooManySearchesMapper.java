package org.takedown.intake.search;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.takedown.web.Problem;

/** 429 as problem details with the Retry-After header, which the shared mappers have no place for. */
public class TooManySearchesMapper {

    @ServerExceptionMapper
    public Response tooMany(TooManySearchesException e, UriInfo uri) {
        Problem problem = new Problem(URI.create("https://takedown.org/problems/" + e.typeSlug()), e.title(),
                e.status(), e.getMessage(), uri == null ? null : "/" + uri.getPath().replaceFirst("^/", ""), List.of());
        return Response.status(e.status()).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).entity(problem).build();
    }
}
