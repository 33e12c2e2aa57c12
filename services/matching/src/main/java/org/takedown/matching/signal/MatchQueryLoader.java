package org.takedown.matching.signal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;
import org.takedown.events.RequestVerified;
import org.takedown.matching.evidence.EvidenceSource;
import org.takedown.matching.evidence.IntakeEvidenceClient;
import org.takedown.matching.hash.HashingConfig;
import org.takedown.matching.hash.ImageHashing;
import org.takedown.matching.hash.ImageRejectedException;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.text.IntakeTextQueryClient;
import org.takedown.matching.text.TextQuerySource;
import org.takedown.pdq.PdqHash;

/**
 * Fetches what a request searches with from intake, once per request: its text queries when it has any, and
 * its evidence images when it has any and some release to search has image hashes or image vectors. Fetched
 * on the calling thread (the intake clients run in its context); images decoded under the hashing limits in
 * parallel on {@code workers}. An image that does not decode is left out, by position in the log.
 */
@ApplicationScoped
public class MatchQueryLoader {

    private static final Logger LOG = Logger.getLogger(MatchQueryLoader.class);

    private final EvidenceSource evidence;
    private final TextQuerySource texts;
    private final ImageHashing hashing;

    public MatchQueryLoader(EvidenceSource evidence, TextQuerySource texts, HashingConfig hashing) {
        this.evidence = evidence;
        this.texts = texts;
        this.hashing = new ImageHashing(hashing.maxImageBytes(), hashing.maxPixels());
    }

    public MatchQuery load(RequestVerified request, List<DatasetIndex> releases, ExecutorService workers) {
        List<String> queries = new ArrayList<>();
        if (request.textQueryCount() > 0 && !releases.isEmpty()) {
            for (IntakeTextQueryClient.TextQuery query : texts.list(request.requestId())) {
                queries.add(query.text() == null ? "" : query.text());
            }
        }
        boolean imagesSearchable = releases.stream().anyMatch(r -> r.hashedItems() > 0 || r.imageModel().isPresent());
        List<MatchQuery.EvidenceImage> images = new ArrayList<>();
        List<MatchQuery.EvidenceHash> hashes = new ArrayList<>();
        if (request.evidenceImageCount() > 0 && !imagesSearchable) {
            LOG.infof("request %s: no release to search has image hashes or vectors; evidence not fetched",
                    request.requestId());
        } else if (request.evidenceImageCount() > 0) {
            images = decode(request, workers);
            hashes = deviceHashes(request);
        }
        return new MatchQuery(request, queries, images, hashes);
    }

    /** The evidence hashed on the claimant's device; intake validated each (64 hex digits, quality 0..100). */
    private List<MatchQuery.EvidenceHash> deviceHashes(RequestVerified request) {
        List<MatchQuery.EvidenceHash> hashes = new ArrayList<>();
        for (IntakeEvidenceClient.EvidenceHashView view : evidence.hashes(request.requestId())) {
            if (PdqHash.isHex(view.pdq())) {
                hashes.add(new MatchQuery.EvidenceHash(view.position(), PdqHash.parse(view.pdq()), view.quality()));
            } else {
                LOG.warnf("request %s: device hash %d is not a PDQ hash; not searched", request.requestId(), view.position());
            }
        }
        return hashes;
    }

    private List<MatchQuery.EvidenceImage> decode(RequestVerified request, ExecutorService workers) {
        List<Future<MatchQuery.EvidenceImage>> pending = new ArrayList<>();
        List<MatchQuery.EvidenceImage> images = new ArrayList<>();
        try {
            for (IntakeEvidenceClient.EvidenceView view : evidence.list(request.requestId())) {
                byte[] bytes = evidence.image(request.requestId(), view.id());
                pending.add(workers.submit(() -> decode(request, view.position(), bytes)));
            }
            for (Future<MatchQuery.EvidenceImage> image : pending) {
                MatchQuery.EvidenceImage decoded = image.get();
                if (decoded != null) {
                    images.add(decoded);
                }
            }
            return images;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding evidence of request " + request.requestId(), e);
        } catch (ExecutionException e) {
            throw Parallel.unwrap(e);
        } finally {
            pending.forEach(image -> image.cancel(true));
        }
    }

    private MatchQuery.EvidenceImage decode(RequestVerified request, int position, byte[] bytes) {
        try {
            return new MatchQuery.EvidenceImage(position, hashing.decode(bytes).image());
        } catch (ImageRejectedException e) {
            LOG.warnf("request %s: evidence image %d not searched (%s)", request.requestId(), position, e.reason());
            return null;
        }
    }
}
