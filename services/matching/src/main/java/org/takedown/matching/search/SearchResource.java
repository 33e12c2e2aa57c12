package org.takedown.matching.search;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.takedown.matching.evidence.EvidenceMatcher;
import org.takedown.matching.hash.HashResource;
import org.takedown.matching.hash.HashingConfig;
import org.takedown.matching.hash.ImageHashing;
import org.takedown.matching.hash.ImageRejectedException;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.match.MatchingConfig;
import org.takedown.matching.match.Signal;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.matching.registry.ActiveReleases;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;
import org.takedown.web.ProblemException;

/**
 * Pre-filing search, open to everyone: a person looks for their items before filing a request, in the served
 * release by caption text (BM25, paged) or by an uploaded image, or in every ACTIVE release by caption text or by a
 * PDQ hash made on their device (intake's search page, ADR 025). Image search finds
 * near-duplicates of that very image only - PDQ within the threshold, with rotations and flips, and
 * the crop signal - never "similar-looking people": no embedding or face similarity is used here.
 *
 * <p>Nothing about the searcher is stored or logged: not the query, not the image (the upload file
 * is deleted when the request ends), not the address (the rate limiter keys its buckets by a keyed
 * hash of it, see {@link RateLimiter}).
 */
@Path("/api/v1/search")
@PermitAll
public class SearchResource {

    /** One item found: its id, URL and caption, and the signal with its raw score (BM25, or PDQ distance). */
    public record SearchHit(String itemId, String url, String caption, String signal, double score) {
    }

    public record CaptionResults(String datasetId, String releaseId, int page, int size, long total, List<SearchHit> items) {
    }

    public record ImageResults(String datasetId, String releaseId, boolean lowQuality, List<SearchHit> items) {
    }

    /** A PDQ hash the searcher computed on their own device (64 hex digits) and its quality (0-100). */
    public record HashQuery(String pdq, Integer quality) {
    }

    /** What one ACTIVE release holds for a search; {@code total} counts caption hits beyond the page (hashes: all shown). */
    public record ReleaseHits(String datasetId, String releaseId, long total, List<SearchHit> items) {
    }

    /** A search across every ACTIVE release; {@code lowQuality}: the hash was too flat to be searched. */
    public record ActiveResults(boolean lowQuality, List<ReleaseHits> releases) {
    }

    private final DatasetIndex index;
    private final ActiveReleases active;
    private final SearchConfig config;
    private final MatchingConfig matching;
    private final ImageHashing hashing;
    private final EvidenceMatcher matcher;
    private final RateLimiter limiter;
    private final Semaphore imageSearches;
    private final org.takedown.matching.pdq.FrameViews frames = new org.takedown.matching.pdq.FrameViews();

    public SearchResource(DatasetIndex index, ActiveReleases active, SearchConfig config, MatchingConfig matching,
                          HashingConfig hashingConfig, EvidenceMatcher matcher) {
        this.index = index;
        this.active = active;
        this.config = config;
        this.matching = matching;
        this.hashing = new ImageHashing(hashingConfig.maxImageBytes(), hashingConfig.maxPixels());
        this.matcher = matcher;
        this.limiter = new RateLimiter(config.burst(), config.perMinute(), System::nanoTime);
        this.imageSearches = new Semaphore(Math.max(1, config.maxConcurrentImageSearches()));
    }

    @GET
    @Path("/captions")
    @Produces(MediaType.APPLICATION_JSON)
    public CaptionResults captions(@QueryParam("q") String q, @QueryParam("page") Integer page,
                                   @QueryParam("size") Integer size, @Context HttpServerRequest request) {
        if (q == null || q.isBlank()) {
            throw ProblemException.invalidField("q", "the text to look for in captions is required");
        }
        if (q.length() > config.maxQueryLength()) {
            throw ProblemException.invalidField("q", "at most " + config.maxQueryLength() + " characters");
        }
        int p = page == null ? 0 : page;
        int s = size == null ? 20 : size;
        if (p < 0) {
            throw ProblemException.invalidField("page", "must be 0 or more");
        }
        if (s < 1 || s > config.maxPageSize()) {
            throw ProblemException.invalidField("size", "must be 1.." + config.maxPageSize());
        }
        if ((long) (p + 1) * s > config.maxResults()) {
            throw ProblemException.invalidField("page", "results can be paged to the first " + config.maxResults()
                    + " only; refine the query");
        }
        rateLimit(request, config.textCost());
        DatasetIndex release = index.snapshot();
        DatasetIndex.ScoredPage found = release.byCaptionText(q, p * s, s, matching.captionMinScore());
        List<SearchHit> items = found.hits().stream()
                .map(h -> new SearchHit(h.item().itemId(), h.item().url(), h.item().caption(), Signal.CAPTION_TEXT.name(),
                        h.score()))
                .toList();
        return new CaptionResults(release.datasetId(), release.releaseId(), p, s, found.total(), items);
    }

    @POST
    @Path("/images")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public ImageResults image(@RestForm("image") FileUpload image, @Context HttpServerRequest request) {
        if (image == null || image.uploadedFile() == null) {
            throw ProblemException.invalidField("image", "a multipart part named \"image\" with the image file is required");
        }
        PdqImages.RgbImage pixels;
        try {
            hashing.checkSize(image.size());
            rateLimit(request, config.imageCost());
            pixels = hashing.decode(Files.readAllBytes(image.uploadedFile())).image();
        } catch (ImageRejectedException e) {
            throw HashResource.problem(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!imageSearches.tryAcquire()) {
            throw new SearchRateLimitedException(1, "Too many image searches are running; please try again in a moment.");
        }
        try {
            DatasetIndex release = index.snapshot();
            if (PdqImages.hash(pixels).isLowQuality() && frames.queryViews(pixels).isEmpty()) {
                // A flat or tiny image: its PDQ hash would match unrelated flat images, so it is not searched.
                // (A photo inside wide flat bars is searched: its content's views are good even when the whole is not.)
                return new ImageResults(release.datasetId(), release.releaseId(), true, List.of());
            }
            List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
            if (release.hashedItems() > 0) {
                matcher.matchImage(pixels, 0, release, hits);
            }
            List<SearchHit> items = best(hits);
            return new ImageResults(release.datasetId(), release.releaseId(), false, items);
        } finally {
            imageSearches.release();
        }
    }

    /**
     * Captions in every ACTIVE release (the registry's, the configured one included): the first {@code size} hits of
     * each, with each release's total. For the pre-filing page, which shows all data sets at once.
     */
    @GET
    @Path("/captions/active")
    @Produces(MediaType.APPLICATION_JSON)
    public ActiveResults activeCaptions(@QueryParam("q") String q, @QueryParam("size") Integer size,
                                        @Context HttpServerRequest request) {
        if (q == null || q.isBlank()) {
            throw ProblemException.invalidField("q", "the text to look for in captions is required");
        }
        if (q.length() > config.maxQueryLength()) {
            throw ProblemException.invalidField("q", "at most " + config.maxQueryLength() + " characters");
        }
        int s = size == null ? 20 : size;
        if (s < 1 || s > config.maxPageSize()) {
            throw ProblemException.invalidField("size", "must be 1.." + config.maxPageSize());
        }
        rateLimit(request, config.textCost());
        List<ReleaseHits> releases = new ArrayList<>();
        for (DatasetIndex release : active.snapshot(List.of())) {
            DatasetIndex.ScoredPage found = release.byCaptionText(q, 0, s, matching.captionMinScore());
            List<SearchHit> items = found.hits().stream()
                    .map(h -> new SearchHit(h.item().itemId(), h.item().url(), h.item().caption(),
                            Signal.CAPTION_TEXT.name(), h.score()))
                    .toList();
            releases.add(new ReleaseHits(release.datasetId(), release.releaseId(), found.total(), items));
        }
        return new ActiveResults(false, releases);
    }

    /**
     * Near-duplicates of an image the searcher hashed on their own device (ADR 025): the image never reaches us,
     * only its PDQ hash and quality. Searched in every ACTIVE release like a device hash of a request (the items'
     * reframed views included; without pixels, no crops or mirrors of the query). A hash below PDQ's recommended
     * quality is not searched (it would match unrelated flat images) and answers {@code lowQuality}.
     */
    @POST
    @Path("/hashes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ActiveResults hashes(HashQuery query, @Context HttpServerRequest request) {
        if (query == null) {
            throw ProblemException.invalidField("pdq", "a JSON body {\"pdq\": \"<64 hex digits>\", \"quality\": 0..100} is required");
        }
        if (query.pdq() == null || query.pdq().length() != PdqHash.HEX_LENGTH || !PdqHash.isHex(query.pdq())) {
            throw ProblemException.invalidField("pdq", "a PDQ hash: " + PdqHash.HEX_LENGTH + " hexadecimal digits");
        }
        if (query.quality() == null || query.quality() < 0 || query.quality() > 100) {
            throw ProblemException.invalidField("quality", "the hash's PDQ quality, 0..100");
        }
        rateLimit(request, config.hashCost());
        if (query.quality() < PdqResult.MIN_RECOMMENDED_QUALITY) {
            return new ActiveResults(true, List.of());
        }
        PdqHash pdq = PdqHash.parse(query.pdq());
        List<ReleaseHits> releases = new ArrayList<>();
        for (DatasetIndex release : active.snapshot(List.of())) {
            List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
            if (release.hashedItems() > 0) {
                matcher.matchHash(pdq, query.quality(), 0, release, hits);
            }
            List<SearchHit> items = best(hits);
            releases.add(new ReleaseHits(release.datasetId(), release.releaseId(), items.size(), items));
        }
        return new ActiveResults(false, releases);
    }

    /** One hit per item, its most confident, the most confident first. */
    private static List<SearchHit> best(List<EvidenceMatcher.EvidenceHit> hits) {
        Map<String, EvidenceMatcher.EvidenceHit> best = new LinkedHashMap<>();
        for (EvidenceMatcher.EvidenceHit hit : hits) {
            best.merge(hit.item().itemId(), hit, (a, b) -> b.confidence() > a.confidence() ? b : a);
        }
        return best.values().stream()
                .sorted(Comparator.comparingDouble(EvidenceMatcher.EvidenceHit::confidence).reversed()
                        .thenComparing(h -> h.item().itemId()))
                .map(h -> new SearchHit(h.item().itemId(), h.item().url(), h.item().caption(), h.signal().name(),
                        h.distance()))
                .toList();
    }

    private void rateLimit(HttpServerRequest request, int cost) {
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        RateLimiter.Refusal refusal = limiter.take(address, cost);
        if (refusal != null) {
            throw new SearchRateLimitedException(refusal.retryAfterSeconds(), "Too many searches from your address; please wait "
                    + refusal.retryAfterSeconds() + " seconds and try again.");
        }
    }
}
