package org.takedown.intake.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Matching's public pre-filing search across every ACTIVE release ({@code /api/v1/search/...}), called by intake's
 * search page on the server side so that the page never talks to another origin (ADR 025).
 */
@RegisterRestClient(configKey = "matching")
@Path("/api/v1/search")
public interface MatchingSearchClient {

    @GET
    @Path("/captions/active")
    @Produces(MediaType.APPLICATION_JSON)
    Results captions(@QueryParam("q") String q, @QueryParam("size") int size);

    @POST
    @Path("/hashes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Results hashes(HashQuery query);

    /** A PDQ hash made on the searcher's device and its quality. */
    record HashQuery(String pdq, Integer quality) {
    }

    /** One item found: its id, URL and caption, and the signal that found it (PDQ distance or caption score). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Hit(String itemId, String url, String caption, String signal, double score) {
    }

    /** What one ACTIVE release holds; {@code total} may count caption hits beyond those listed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReleaseHits(String datasetId, String releaseId, long total, List<Hit> items) {
    }

    /** {@code lowQuality}: the hash was too flat to be searched (it would match unrelated flat images). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Results(boolean lowQuality, List<ReleaseHits> releases) {
    }
}
