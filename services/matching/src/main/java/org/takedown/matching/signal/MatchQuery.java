package org.takedown.matching.signal;

import java.util.List;
import java.util.UUID;
import org.takedown.events.RequestVerified;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqHash;

/**
 * What one request searches with, fetched from intake once however many releases are searched: the
 * request's URLs and domains, its free-text queries (index = position; blank ones as empty strings) and
 * its decoded evidence images. Held in memory for the one match only: never logged or stored.
 */
public record MatchQuery(RequestVerified request, List<String> texts, List<EvidenceImage> images,
                         List<EvidenceHash> hashes) {

    public MatchQuery {
        texts = List.copyOf(texts);
        images = List.copyOf(images);
        hashes = List.copyOf(hashes);
    }

    /** A query without evidence hashed on the device. */
    public MatchQuery(RequestVerified request, List<String> texts, List<EvidenceImage> images) {
        this(request, texts, images, List.of());
    }

    public UUID requestId() {
        return request.requestId();
    }

    /**
     * One image the claimant hashed on their device (ADR 021): its PDQ hash and quality, and its position among the
     * request's hashed images. Searched like the whole-image hash of an uploaded image; without pixels there are no
     * crop, frame or embedding views.
     */
    public record EvidenceHash(int position, PdqHash pdq, int quality) {
    }

    /** One decoded evidence image and its position on the request. */
    public record EvidenceImage(int position, PdqImages.RgbImage image) {
    }
}
