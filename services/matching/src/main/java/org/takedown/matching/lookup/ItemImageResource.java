package org.takedown.matching.lookup;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;
import org.takedown.events.NormalizedUrl;
import org.takedown.matching.hash.HashingConfig;
import org.takedown.matching.index.ItemImage;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * The image of one item of a searched release, read from the shard (or local file) it was ingested from, for the
 * reviewer console's side-by-side view. Only bytes the release was ingested from are served: the item's URL only finds
 * the item in the index and is never fetched. Only JPEG, PNG, GIF and WebP go out, typed by their leading bytes.
 */
@Path("/api/v1/internal/datasets/{dataset}/releases/{release}/items/{itemId}/image")
public class ItemImageResource {

    private static final Logger LOG = Logger.getLogger(ItemImageResource.class);

    private final SearchedReleases releases;
    private final HashingConfig hashing;

    ItemImageResource(SearchedReleases releases, HashingConfig hashing) {
        this.releases = releases;
        this.hashing = hashing;
    }

    @GET
    @RolesAllowed({ Roles.REVIEWER, Roles.ADMIN, Roles.SERVICE })
    @Produces({ "image/jpeg", "image/png", "image/gif", "image/webp" })
    @Operation(summary = "An item's image from the ingested release (url: the item's URL, which finds it in the index)")
    public Response image(@PathParam("dataset") String dataset, @PathParam("release") String release,
            @PathParam("itemId") String itemId, @RestQuery String url) {
        String normalized = url == null ? null : NormalizedUrl.parse(url).orElse(null);
        if (normalized == null) {
            throw ProblemException.invalidField("url", "the item's http(s) URL is required");
        }
        ItemImage location = releases.open(dataset, release).imageOf(itemId, normalized)
                .orElseThrow(() -> ProblemException.notFound("image of item " + itemId + " in " + dataset + "/" + release));
        byte[] bytes;
        try {
            bytes = location.read(hashing.maxImageBytes()).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = bytes == null ? null : mediaType(bytes);
        if (type == null) {
            // The shard moved or changed since ingestion: say so in the log (no personal data: public data set facts).
            LOG.warnf("image of item %s in %s/%s is not where it was ingested from (%s)", itemId, dataset, release,
                    location.file().getFileName());
            throw ProblemException.notFound("image bytes of item " + itemId + " in " + dataset + "/" + release);
        }
        return Response.ok(bytes, type).header("Cache-Control", "private, max-age=3600")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    /** The type of an image by its leading bytes, or null for anything a browser should not be handed as an image. */
    static String mediaType(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }
}
