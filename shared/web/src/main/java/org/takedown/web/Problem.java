package org.takedown.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * RFC 9457 problem details, served as {@code application/problem+json}. {@code errors} is our
 * extension member: one entry per offending field, so that a form can show each message next to
 * its field.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One field that failed, named by its JSON path, e.g. {@code claimant.email} or {@code imageUrls[3]}. */
    public record FieldError(String field, String message) {
    }
}
