package org.takedown.intake.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.takedown.web.Problem;

/**
 * The HTTP limit must admit five images; a JSON body has no reason to be that large. Refused on
 * its declared length, before anything is parsed.
 */
public class JsonBodyLimit {

    static final long MAX_JSON_BYTES = 4L * 1024 * 1024;

    @ServerRequestFilter(preMatching = true)
    public Response refuseHugeJson(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || request.getLength() <= MAX_JSON_BYTES) {
            return null;
        }
        Problem problem = new Problem(URI.create("https://takedown.org/problems/body-too-large"), "The request is too large",
                413, "A JSON request may have at most " + MAX_JSON_BYTES / (1024 * 1024) + " MiB; split long URL lists.",
                "/" + request.getUriInfo().getPath().replaceFirst("^/", ""), List.of());
        return Response.status(413).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
