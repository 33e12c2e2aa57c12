package org.takedown.propagation.removal;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.takedown.web.security.Roles;
import org.takedown.web.ProblemException;

/**
 * The do-not-train check and the removal feed, for vendors (role {@code vendor}, client credentials)
 * and admins.
 */
@Path("/api/v1")
@RolesAllowed({ Roles.VENDOR, Roles.ADMIN })
public class RemovalResource {

    public static final int MAX_URLS_PER_CHECK = 10_000;

    public record CheckedUrl(String url, boolean removed) {
    }

    public record CheckAnswer(int checked, int removed, List<CheckedUrl> urls) {
    }

    public record RemovalEntry(String cursor, String datasetId, String releaseId, String itemId, String url, Instant removedAt) {
    }

    /** {@code nextCursor} is the cursor to pass as {@code after} next time; it stays put when nothing new came. */
    public record RemovalPage(List<RemovalEntry> removals, String nextCursor) {
    }

    private final RemovalRegistry registry;

    RemovalResource(RemovalRegistry registry) {
        this.registry = registry;
    }

    /** Newline-separated URLs (up to 10,000) in, each with whether it was removed out, in the same order. */
    @POST
    @Path("/check")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    public CheckAnswer check(String body) {
        List<String> urls = body == null ? List.of()
                : Arrays.stream(body.split("\r?\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (urls.isEmpty()) {
            throw ProblemException.invalidField("body", "give one URL per line");
        }
        if (urls.size() > MAX_URLS_PER_CHECK) {
            throw ProblemException.invalidField("body", "at most " + MAX_URLS_PER_CHECK + " URLs per call, got " + urls.size());
        }
        List<Boolean> removed = registry.check(urls);
        List<CheckedUrl> answer = new ArrayList<>(urls.size());
        int count = 0;
        for (int i = 0; i < urls.size(); i++) {
            answer.add(new CheckedUrl(urls.get(i), removed.get(i)));
            count += removed.get(i) ? 1 : 0;
        }
        return new CheckAnswer(urls.size(), count, answer);
    }

    /** Every removal after the cursor, oldest first; start without {@code after} to backfill from the beginning. */
    @GET
    @Path("/removals")
    @Produces(MediaType.APPLICATION_JSON)
    public RemovalPage removals(@QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("500") @Min(1) @Max(1000) int limit) {
        long cursor = parseCursor(after);
        List<RemovalEntry> page = registry.after(cursor, limit).stream()
                .map(r -> new RemovalEntry(Long.toString(r.id), r.datasetId, r.releaseId, r.itemId, r.url, r.removedAt))
                .toList();
        String next = page.isEmpty() ? Long.toString(cursor) : page.get(page.size() - 1).cursor();
        return new RemovalPage(page, next);
    }

    private static long parseCursor(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            long cursor = Long.parseLong(after.strip());
            if (cursor >= 0) {
                return cursor;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw ProblemException.invalidField("after", "must be a cursor from an earlier page");
    }
}
