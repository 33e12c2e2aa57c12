package org.takedown.web;

import java.util.List;

/**
 * An error a service raises on purpose, with what the client should know. Rendered as problem
 * details by {@link ProblemMappers}; never carries a stack trace to the client.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String typeSlug;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String typeSlug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.typeSlug = typeSlug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "invalid-request", "The request is not valid",
                field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " does not exist or is not yours to see", List.of());
    }

    public static ProblemException conflict(String typeSlug, String detail) {
        return new ProblemException(409, typeSlug, "Conflict", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String typeSlug() {
        return typeSlug;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
