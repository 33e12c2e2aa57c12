package org.takedown.matching.signal;

import java.util.List;
import java.util.UUID;
import org.takedown.events.RequestVerified;
import org.takedown.matching.pdq.PdqImages;

/**
 * What one request searches with, fetched from intake once however many releases are searched: the
 * request's URLs and domains, its free-text queries (index = position; blank ones as empty strings) and
 * its decoded evidence images. Held in memory for the one match only: never logged or stored.
 */
public record MatchQuery(RequestVerified request, List<String> texts, List<EvidenceImage> images) {

    public MatchQuery {
        texts = List.copyOf(texts);
        images = List.copyOf(images);
    }

    public UUID requestId() {
        return request.requestId();
    }

    /** One decoded evidence image and its position on the request. */
    public record EvidenceImage(int position, PdqImages.RgbImage image) {
    }
}
