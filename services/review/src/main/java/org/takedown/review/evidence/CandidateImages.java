package org.takedown.review.evidence;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The image of a candidate item, from matching's ingested release. A release without the bytes (Parquet metadata, a
 * shard moved away) or matching being away gives no image, and the console says so; it never falls back to the URL.
 */
@ApplicationScoped
public class CandidateImages {

    private static final Logger LOG = Logger.getLogger(CandidateImages.class);

    private final MatchingItemImageClient matching;
    private final SecurityIdentity identity;

    CandidateImages(@RestClient MatchingItemImageClient matching, SecurityIdentity identity) {
        this.matching = matching;
        this.identity = identity;
    }

    /** The item's image bytes (JPEG, PNG, GIF or WebP, as matching typed them), or empty when there are none to show. */
    public Optional<byte[]> image(String datasetId, String releaseId, String itemId, String url) {
        try {
            return Optional.of(matching.image(CaseEvidence.bearer(identity), datasetId, releaseId, itemId, url));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                LOG.warnf("image of item %s in %s/%s: matching answered %d", itemId, datasetId, releaseId,
                        e.getResponse().getStatus());
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warnf("image of item %s in %s/%s: matching not reachable (%s)", itemId, datasetId, releaseId,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** The media type of bytes matching served: its own check, repeated here because the browser gets them from us. */
    public static String mediaType(byte[] image) {
        if (image.length >= 6 && image[0] == 'G' && image[1] == 'I' && image[2] == 'F' && image[3] == '8') {
            return "image/gif";
        }
        return CaseEvidence.mediaType(image);
    }
}
