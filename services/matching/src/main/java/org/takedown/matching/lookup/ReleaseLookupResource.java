package org.takedown.matching.lookup;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.takedown.events.NormalizedUrl;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.match.MatchingConfig;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * Looks up given URLs and PDQ hashes in ONE searched release, for other services (role {@code service}): propagation
 * asks it where the removals of a data set are in a release that was just activated (ADR 017). It answers the items at
 * each URL, and for each hash the items within the match threshold with their distance (0: the same picture); the
 * caller tells exact from near. Only public data set facts go in or out.
 */
@Path("/api/v1/internal/datasets/{dataset}/releases/{release}/lookup")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReleaseLookupResource {

    /** At most this many URLs and this many hashes per call; callers send more in several calls. */
    public static final int MAX_KEYS = 1000;

    /** What to look up: normalised (or normalisable) URLs, and PDQ hashes as 64 hex digits. */
    public record Lookup(List<String> urls, List<String> pdq) {
    }

    /** An item of the release at a URL asked about ({@code url} is the normalised form of what was asked). */
    public record UrlHit(String url, String itemId, String itemUrl, String pdq) {
    }

    /** An item whose PDQ hash is within the threshold of a hash asked about ({@code query}). */
    public record PdqHit(String query, String itemId, String itemUrl, String pdq, int distance) {
    }

    public record Result(String datasetId, String releaseId, int maxDistance, List<UrlHit> urls, List<PdqHit> pdq) {
    }

    private final SearchedReleases releases;
    private final MatchingConfig config;

    public ReleaseLookupResource(SearchedReleases releases, MatchingConfig config) {
        this.releases = releases;
        this.config = config;
    }

    @POST
    @RolesAllowed(Roles.SERVICE)
    public Result lookup(@PathParam("dataset") String dataset, @PathParam("release") String release, Lookup body) {
        if (body == null) {
            throw ProblemException.invalidField("urls", "a body with urls and/or pdq is required");
        }
        List<String> urls = normalized(body.urls());
        List<PdqHash> hashes = parsed(body.pdq());
        DatasetIndex index = releases.open(dataset, release);
        List<UrlHit> urlHits = new ArrayList<>();
        for (String url : urls) {
            for (IndexedItem item : index.byUrl(url)) {
                urlHits.add(new UrlHit(url, item.itemId(), item.url(), item.pdq()));
            }
        }
        int maxDistance = config.pdqMaxDistance();
        List<PdqHit> pdqHits = new ArrayList<>();
        for (PdqHash hash : hashes) {
            // The stored hash of the item's own picture only: the question is "is this picture (or a near copy) here",
            // not "is it framed or cropped in something here" (that is the matching of requests).
            for (DatasetIndex.PdqHit hit : index.byPdq(Map.of(Dihedral.ORIGINAL, hash), maxDistance, DatasetIndex.PdqScope.OWN)) {
                pdqHits.add(new PdqHit(hash.toHex(), hit.item().itemId(), hit.item().url(), hit.item().pdq(), hit.distance()));
            }
        }
        return new Result(dataset, release, maxDistance, urlHits, pdqHits);
    }

    private static List<String> normalized(List<String> urls) {
        if (urls == null) {
            return List.of();
        }
        checkSize("urls", urls.size());
        Set<String> out = new LinkedHashSet<>();
        for (String url : urls) {
            Optional<String> normalized = url == null ? Optional.empty() : NormalizedUrl.parse(url);
            out.add(normalized.orElseThrow(() -> ProblemException.invalidField("urls", "not an http(s) URL: " + abbreviated(url))));
        }
        return List.copyOf(out);
    }

    private static List<PdqHash> parsed(List<String> hashes) {
        if (hashes == null) {
            return List.of();
        }
        checkSize("pdq", hashes.size());
        Set<PdqHash> out = new LinkedHashSet<>();
        for (String hex : hashes) {
            try {
                out.add(PdqHash.parse(hex));
            } catch (RuntimeException e) {
                throw ProblemException.invalidField("pdq", "not a PDQ hash (64 hex digits): " + abbreviated(hex));
            }
        }
        return List.copyOf(out);
    }

    private static void checkSize(String field, int size) {
        if (size > MAX_KEYS) {
            throw ProblemException.invalidField(field, "at most " + MAX_KEYS + " per call");
        }
    }

    private static String abbreviated(String value) {
        return value == null ? "null" : value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
}
