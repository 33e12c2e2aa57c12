package org.takedown.review.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.takedown.web.Problem;

/**
 * The CSRF filter (quarkus-rest-csrf) refuses a form without a valid token with an empty 400. A person
 * then stares at a blank page, and an API client gets no problem: this filter gives both a body that
 * says what happened and what to do. Only bodiless 400s of POSTs are touched, which nothing else of ours
 * answers (every other refusal carries a problem or a page).
 */
public class CsrfRefusals {

    static final String TITLE = "The form could not be accepted";
    static final String DETAIL = "The form's security token (CSRF) was missing or did not match: the page may be old, or the"
            + " form was not sent from the console. Nothing was changed. Go back, reload the page and try again.";

    @ServerResponseFilter
    public void explain(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 400 || response.hasEntity() || !"POST".equals(request.getMethod())) {
            return;
        }
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        if (ConsoleLogin.isConsole(path)) {
            response.setEntity(page(path), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        } else {
            response.setEntity(new Problem(URI.create("https://takedown.org/problems/csrf-token"), TITLE, 400, DETAIL, path, List.of()),
                    null, MediaType.valueOf(Problem.MEDIA_TYPE));
        }
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static String page(String path) {
        String back = path.replaceFirst("/(approve|deny|claim|assign|unassign|request-information|extend-deadline|reverse)$", "");
        if (!back.matches("/console(/cases/[0-9a-fA-F-]{36})?")) {
            back = "/console";
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Form not accepted · Takedown</title></head>
                <body>
                <main>
                <h1>%s</h1>
                <p id="message" role="alert">%s</p>
                <p><a href="%s">Reload the page</a></p>
                </main>
                </body>
                </html>
                """.formatted(TITLE, DETAIL, back);
    }
}
