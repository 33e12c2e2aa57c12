package org.takedown.review.transparency;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.takedown.web.ProblemException;

/**
 * The public transparency report (ADR 020): {@code GET /api/v1/transparency} as JSON or CSV, {@code GET /transparency}
 * as a page. No login; nothing in it names a request or a person.
 */
@Path("/")
@PermitAll
public class TransparencyResource {

    static final String CSV = "text/csv";

    private final TransparencyReports reports;
    private final TransparencyConfig config;
    private volatile TransparencyReport cached;

    TransparencyResource(TransparencyReports reports, TransparencyConfig config) {
        this.reports = reports;
        this.config = config;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(TransparencyReport report, String from, String to);
    }

    @GET
    @Path("api/v1/transparency")
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(summary = "The transparency report",
            description = "Per month and claim type, per vendor and month, and per data set release; counts from 1 to 4 "
                    + "are withheld as \"< 5\". JSON, or CSV with format=csv or Accept: text/csv.")
    public Response report(@Parameter(description = "first month, YYYY-MM") @QueryParam("from") String from,
            @Parameter(description = "last month, YYYY-MM") @QueryParam("to") String to,
            @Parameter(description = "json or csv") @QueryParam("format") String format, @Context HttpHeaders headers) {
        boolean csv = csvAsked(format, headers.getAcceptableMediaTypes());
        TransparencyReport report = report(month("from", from), month("to", to));
        Response.ResponseBuilder response = csv
                ? Response.ok(TransparencyCsv.write(report), CSV + "; charset=UTF-8")
                        .header("Content-Disposition", "inline; filename=\"takedown-transparency.csv\"")
                : Response.ok(report, MediaType.APPLICATION_JSON);
        return response.cacheControl(publicFor()).build();
    }

    @GET
    @Path("transparency")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The transparency report as a page")
    public TemplateInstance page(@QueryParam("from") String from, @QueryParam("to") String to) {
        return Templates.page(report(month("from", from), month("to", to)), from == null ? "" : from, to == null ? "" : to);
    }

    private TransparencyReport report(YearMonth from, YearMonth to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.invalidField("from", "the first month must not be after the last (" + to + ")");
        }
        TransparencyReport all = current();
        return new TransparencyReport(all.generatedAt(), all.suppression(),
                all.requests().stream().filter(r -> within(r.month(), from, to)).toList(),
                all.vendors().stream().filter(v -> within(v.month(), from, to)).toList(), all.removals());
    }

    /** The whole report, built again once it is older than {@code takedown.transparency.max-age}. */
    private TransparencyReport current() {
        Instant now = Instant.now();
        TransparencyReport report = cached;
        if (report == null || !report.generatedAt().plus(config.maxAge()).isAfter(now)) {
            report = reports.build(null, null, now);
            cached = report;
        }
        return report;
    }

    private CacheControl publicFor() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge((int) config.maxAge().toSeconds());
        return cache;
    }

    private static boolean within(String month, YearMonth from, YearMonth to) {
        YearMonth m = YearMonth.parse(month);
        return (from == null || !m.isBefore(from)) && (to == null || !m.isAfter(to));
    }

    private static boolean csvAsked(String format, List<MediaType> accepted) {
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ProblemException.invalidField("format", "json or csv");
            };
        }
        // The first acceptable type the client names decides; */* and anything else get JSON.
        return accepted.stream().filter(t -> !t.isWildcardType()).findFirst()
                .map(t -> t.isCompatible(MediaType.valueOf(CSV))).orElse(false);
    }

    private static YearMonth month(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return YearMonth.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "a month as YYYY-MM, e.g. 2026-12");
        }
    }
}
