package org.takedown.review.evidence;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Matching's internal item images: the bytes of a data set item as the release was ingested (a webdataset shard's
 * member or a manifest's local file), asked with the access token of the person at the console. The item's URL only
 * finds the item in matching's index; nobody fetches it.
 */
@RegisterRestClient(configKey = "matching")
@Path("/api/v1/internal/datasets/{dataset}/releases/{release}/items/{itemId}/image")
public interface MatchingItemImageClient {

    @GET
    @Produces({ "image/jpeg", "image/png", "image/gif", "image/webp" })
    byte[] image(@HeaderParam("Authorization") String authorization, @PathParam("dataset") String dataset,
            @PathParam("release") String release, @PathParam("itemId") String itemId, @QueryParam("url") String url);
}
