package org.takedown.propagation.carryover;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Matching's lookup in one release, called with propagation's own token (client credentials of the Keycloak client
 * {@code takedown-propagation}, role {@code service}). At most {@link #MAX_KEYS} URLs and hashes per call.
 */
@RegisterRestClient(configKey = "matching")
@OidcClientFilter
@Path("/api/v1/internal/datasets/{dataset}/releases/{release}/lookup")
public interface MatchingLookupClient {

    int MAX_KEYS = 1000;

    record Lookup(List<String> urls, List<String> pdq) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UrlHit(String url, String itemId, String itemUrl, String pdq) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PdqHit(String query, String itemId, String itemUrl, String pdq, int distance) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(String datasetId, String releaseId, int maxDistance, List<UrlHit> urls, List<PdqHit> pdq) {

        public Result {
            urls = urls == null ? List.of() : urls;
            pdq = pdq == null ? List.of() : pdq;
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Result lookup(@PathParam("dataset") String dataset, @PathParam("release") String release, Lookup lookup);
}
