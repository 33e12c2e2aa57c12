package org.takedown.propagation.removal;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * The do-not-train check in the shape of Spawning's opt-out API ({@code POST /api/v2/query/urls/}), so trainers
 * that already call Spawning through its {@code datadiligence} package can point it at us unchanged: a
 * {@code text/plain} body of newline-separated URLs (up to 10,000), answered with
 * {@code {"urls":[{"url":…,"optOut":…}]}}, one entry per line, in order, each URL echoed exactly as sent. The
 * client pairs answers with its URLs by position, so every line gets an entry, blank or unparseable ones too
 * ({@code optOut: false}: nothing was ever removed under them). {@code optOut} is the check's {@code removed}: the
 * same normalisation and the same lookup ({@link RemovalRegistry#check(BulkCheck.Lines)}).
 *
 * <p>Vendors call it with an API key ({@code Authorization: API <key>}, what the client sends) or, like the
 * check, with an OAuth bearer token.
 */
@Path("/api/v2/query/urls")
@RolesAllowed({ Roles.VENDOR, Roles.ADMIN })
public class SpawningCompatResource {

    /** As many URLs as Spawning takes per call, and as many as the client sends. */
    public static final int MAX_URLS = 10_000;
    /** 10,000 URLs of up to about 800 bytes each; below Quarkus' own body limit (10 MiB), so a refusal is a problem+json. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final RemovalRegistry registry;

    SpawningCompatResource(RemovalRegistry registry) {
        this.registry = registry;
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(byte[] body) {
        return answer(body);
    }

    private Response answer(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw tooLarge("at most " + MAX_BODY_BYTES + " bytes per call, got " + body.length);
        }
        int count = BulkCheck.lineCount(body);
        if (count > MAX_URLS) {
            throw tooLarge("at most " + MAX_URLS + " URLs per call, got " + count);
        }
        BulkCheck.Lines lines = BulkCheck.everyLine(body);
        boolean[] optOut = lines.size() == 0 ? new boolean[0] : registry.check(lines);
        return Response.ok(BulkCheck.writeOptOuts(lines, optOut), MediaType.APPLICATION_JSON).build();
    }

    private static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "too-many-urls", "Too many URLs in one call", detail + "; send them in chunks",
                List.of());
    }
}
