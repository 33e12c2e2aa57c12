package org.takedown.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


/**
 * The one place where exceptions become HTTP answers: RFC 9457 problem details naming the field
 * at fault, and never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String TYPE_BASE = "https://takedown.org/problems/";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(new Problem(type(e.typeSlug()), e.title(), e.status(), e.getMessage(), path(uri), e.errors()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem(type("invalid-request"), "The request is not valid", 400, detail, path(uri), errors));
    }

    @ServerExceptionMapper
    public Response unknownValue(InvalidFormatException e, UriInfo uri) {
        String field = jsonPath(e);
        String message = e.getTargetType() != null && e.getTargetType().isEnum()
                ? "must be one of " + Arrays.toString(e.getTargetType().getEnumConstants())
                : "has the wrong format";
        return respond(fieldProblem(field, message, uri));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(fieldProblem(jsonPath(e), "has the wrong type", uri));
    }

    @ServerExceptionMapper
    public Response notInstantiable(ValueInstantiationException e, UriInfo uri) {
        return respond(fieldProblem(jsonPath(e), "is not valid", uri));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        return respond(new Problem(type("malformed-json"), "The body is not valid JSON", 400,
                "The request body could not be read as JSON; check quotes, commas and brackets.", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return respond(new Problem(type(title.toLowerCase().replace(' ', '-')), title, status, null, path(uri), List.of()));
    }

    /**
     * No token, or one that is expired, tampered with, for another audience or from another
     * issuer: one answer for all, so the body tells an attacker nothing about which check failed.
     */
    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class, AuthenticationCompletionException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(new Problem(type("unauthenticated"), "Authentication required", 401,
                "Send a valid access token from the Takedown Keycloak realm (Authorization: Bearer <token>).", path(uri), List.of())))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"takedown\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(type("forbidden"), "Not allowed", 403,
                "Your account does not have a role that may do this.", path(uri), List.of()));
    }

    /** The console's login: the browser goes to Keycloak (authorization code flow). */
    @ServerExceptionMapper
    public Response redirect(AuthenticationRedirectException e) {
        return Response.status(e.getCode()).location(URI.create(e.getRedirectUri()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", path(uri));
        return respond(new Problem(type("internal-error"), "Something went wrong on our side", 500,
                "The error was logged; please try again later.", path(uri), List.of()));
    }

    private static Problem fieldProblem(String field, String message, UriInfo uri) {
        return new Problem(type("invalid-request"), "The request is not valid", 400, field + ": " + message, path(uri),
                List.of(new Problem.FieldError(field, message)));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /** {@code claimant.email}, {@code imageUrls[3]}: the path in the client's JSON, not in our Java. */
    static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** Drops the method and parameter names that bean validation puts in front of the body's path. */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        boolean inBody = false;
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                inBody = true;
                parameter = node.getName();
                continue;
            }
            if (!inBody || node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getIndex() != null && !field.isEmpty()) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        if (field.isEmpty()) {
            // A violation of the parameter itself: a header or query parameter, or a missing body.
            return parameter == null ? "body" : parameter;
        }
        return field.toString();
    }

}
