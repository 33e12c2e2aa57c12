package org.takedown.matching.evidence;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.takedown.matching.features.GeometricCheck;
import org.takedown.matching.features.Keypoint;
import org.takedown.matching.features.LocalFeatures;
import org.takedown.matching.hash.HashingConfig;
import org.takedown.matching.hash.ImageHashing;
import org.takedown.matching.hash.ImageRejectedException;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.match.MatchingConfig;
import org.takedown.matching.match.Signal;
import org.takedown.matching.match.Tasks;
import org.takedown.matching.pdq.CropHashes;
import org.takedown.matching.pdq.FrameViews;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;

/**
 * Searches a release for a request's evidence images: each image is fetched, decoded under the
 * hashing limits, PDQ-hashed with its eight rotations and flips, and looked up in the release's
 * PDQ index; then cropped views of it are searched too ({@link CropHashes}), for copies that
 * were cropped a little. Images are fetched one after another and decoded, hashed and searched
 * in parallel on a small bounded pool. The bytes and pixels live only in local variables of these
 * methods and their tasks: never logged, stored or sent anywhere; logs name the image by its
 * position only.
 */
@ApplicationScoped
public class EvidenceMatcher {

    private static final Logger LOG = Logger.getLogger(EvidenceMatcher.class);

    /** One item an evidence image hit, with the raw score and how it was found. */
    public record EvidenceHit(IndexedItem item, Signal signal, int distance, double confidence, String detail) {
    }

    private final EvidenceSource source;
    private final ImageHashing hashing;
    private final MatchingConfig config;
    private final CropHashes crops = new CropHashes();
    private final FrameViews frames = new FrameViews();
    /**
     * Decodes, hashes and searches a request's images in parallel: CPU-bound work, so at most as
     * many threads as cores (and 3), shared by all requests; at most that many images are decoded
     * at once.
     */
    private final ExecutorService workers;

    EvidenceMatcher(EvidenceSource source, HashingConfig hashingConfig, MatchingConfig config) {
        this.source = source;
        this.hashing = new ImageHashing(hashingConfig.maxImageBytes(), hashingConfig.maxPixels());
        this.config = config;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors())),
                task -> {
                    Thread t = new Thread(task, "evidence-matcher-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }

    public List<EvidenceHit> match(UUID requestId, DatasetIndex release) {
        return match(requestId, release, null);
    }

    /**
     * As {@link #match(UUID, DatasetIndex)}, also handing each decoded image with its position to
     * {@code alsoEach} (the IMAGE_KNN search), which makes the evidence worth fetching for a release
     * with image vectors but no hashes. {@code alsoEach} runs on the calling thread, in the images' order.
     */
    public List<EvidenceHit> match(UUID requestId, DatasetIndex release,
                                   java.util.function.ObjIntConsumer<PdqImages.RgbImage> alsoEach) {
        List<EvidenceHit> hits = new ArrayList<>();
        if (release.hashedItems() == 0 && (alsoEach == null || release.imageModel().isEmpty())) {
            LOG.infof("request %s: release %s/%s has no image hashes; evidence not fetched", requestId,
                    release.datasetId(), release.releaseId());
            return hits;
        }
        // Fetched on this thread (the intake client runs in its context), each image handed to a
        // worker as soon as it arrives; hits are collected in the images' order.
        List<Future<Decoded>> pending = new ArrayList<>();
        try {
            for (IntakeEvidenceClient.EvidenceView view : source.list(requestId)) {
                byte[] bytes = source.image(requestId, view.id());
                pending.add(workers.submit(() -> matchBytes(requestId, view.position(), bytes, release)));
            }
            for (Future<Decoded> result : pending) {
                Decoded decoded = Tasks.result(result, "matching evidence of request " + requestId);
                hits.addAll(decoded.hits());
                if (alsoEach != null && decoded.image() != null) {
                    alsoEach.accept(decoded.image(), decoded.position());
                }
            }
        } finally {
            pending.forEach(result -> result.cancel(true)); // no-op for finished ones
        }
        return hits;
    }

    /** One evidence image after its worker: its PDQ hits, and the pixels (null if it did not decode). */
    private record Decoded(int position, PdqImages.RgbImage image, List<EvidenceHit> hits) {
    }

    private Decoded matchBytes(UUID requestId, int position, byte[] bytes, DatasetIndex release) {
        List<EvidenceHit> hits = new ArrayList<>();
        PdqImages.RgbImage image;
        try {
            image = hashing.decode(bytes).image();
        } catch (ImageRejectedException e) {
            LOG.warnf("request %s: evidence image %d not searched (%s)", requestId, position, e.reason());
            return new Decoded(position, null, hits);
        }
        if (release.hashedItems() > 0) {
            matchImage(image, position, release, hits);
        }
        return new Decoded(position, image, hits);
    }

    /**
     * Every hit of a hash the claimant computed on their device: the same whole-image PDQ search as an uploaded
     * image's (items' reframed views included), but only as given: without pixels there are no dihedral variants,
     * crops or frames of the query.
     */
    public void matchHash(PdqHash pdq, int quality, int position, DatasetIndex release, List<EvidenceHit> hits) {
        int maxDistance = config.pdqMaxDistance();
        if (quality < PdqResult.MIN_RECOMMENDED_QUALITY) {
            LOG.infof("device hash %d: PDQ quality %d is below %d, not matched", position, quality,
                    PdqResult.MIN_RECOMMENDED_QUALITY);
            return;
        }
        Map<String, EvidenceHit> framed = new LinkedHashMap<>();
        Set<String> found = new HashSet<>();
        for (DatasetIndex.PdqHit hit : release.byPdq(Map.of(Dihedral.ORIGINAL, pdq), maxDistance)) {
            if (hit.itemFrame() != FrameViews.Frame.FULL) {
                keepNearest(framed, frameHit(hit, position, "whole image hashed on the claimant's device", maxDistance));
                continue;
            }
            found.add(hit.item().itemId());
            hits.add(new EvidenceHit(hit.item(), Signal.PDQ, hit.distance(), Signal.pdqConfidence(hit.distance()),
                    String.format(Locale.ROOT, "image %d hashed on the claimant's device: PDQ distance %d of 256 bits "
                            + "(threshold %d), item quality %d", position, hit.distance(), maxDistance, hit.quality())));
        }
        for (EvidenceHit hit : framed.values()) {
            if (found.add(hit.item().itemId())) {
                hits.add(hit);
            }
        }
    }

    /** Every hit of one decoded image: full-image PDQ, then reframed views, then cropped views. */
    public void matchImage(PdqImages.RgbImage image, int position, DatasetIndex release, List<EvidenceHit> hits) {
        PdqResult pdq = PdqImages.hash(image);
        int maxDistance = config.pdqMaxDistance();
        Map<String, EvidenceHit> framed = new LinkedHashMap<>();
        Set<String> found = new HashSet<>();
        if (pdq.isLowQuality()) {
            // Meta's advice: a hash of quality below 50 (flat or tiny images) is reported, not matched.
            // Its views may still be good: wide flat borders alone lower the whole image's quality.
            LOG.infof("evidence image %d: PDQ quality %d is below %d, not matched", position, pdq.quality(),
                    PdqResult.MIN_RECOMMENDED_QUALITY);
        } else {
            for (DatasetIndex.PdqHit hit : release.byPdq(pdq.variants(), maxDistance)) {
                if (hit.itemFrame() != FrameViews.Frame.FULL) {
                    keepNearest(framed, frameHit(hit, position, "full image", maxDistance));
                    continue;
                }
                found.add(hit.item().itemId());
                hits.add(new EvidenceHit(hit.item(), Signal.PDQ, hit.distance(), Signal.pdqConfidence(hit.distance()),
                        String.format(Locale.ROOT, "evidence image %d: PDQ distance %d of 256 bits (threshold %d), %s, item quality %d",
                                position, hit.distance(), maxDistance, hit.variant().name().toLowerCase(Locale.ROOT), hit.quality())));
            }
        }
        for (FrameViews.View view : config.frameViews() ? frames.queryViews(image) : List.<FrameViews.View>of()) {
            // As is and mirrored (as the crop views): a rotated copy that was also reframed is rare,
            // and the six other variants would triple these lookups.
            Map<Dihedral, PdqHash> variants = new EnumMap<>(Dihedral.class);
            variants.put(Dihedral.ORIGINAL, view.pdq().hash());
            variants.put(Dihedral.FLIP_Y, view.pdq().variant(Dihedral.FLIP_Y));
            // Against the items' own hashes only: a reframed query meets a data set copy that was reframed
            // the same way, or the item's whole; the items' views are for the query's whole (above).
            for (DatasetIndex.PdqHit hit : release.byPdq(variants, maxDistance, DatasetIndex.PdqScope.OWN)) {
                keepNearest(framed, frameHit(hit, position, view.detail(), maxDistance));
            }
        }
        for (EvidenceHit hit : framed.values()) {
            if (found.add(hit.item().itemId())) {
                hits.add(hit);
            }
        }
        if (config.cropViews() > 0 && !pdq.isLowQuality()) {
            matchCrops(image, position, release, found, hits);
        }
        if (config.localFeatures() && release.hasLocalFeatures()) {
            matchLocalFeatures(image, position, release, found, hits);
        }
    }

    /**
     * The local-feature signal, for items no PDQ view found: the evidence's strongest points looked up by
     * descriptor, and an item kept when enough of them agree on one scale and shift ({@link LocalFeatures}).
     */
    private static void matchLocalFeatures(PdqImages.RgbImage image, int position, DatasetIndex release, Set<String> found,
                                           List<EvidenceHit> hits) {
        List<Keypoint> points = LocalFeatures.extract(image, LocalFeatures.QUERY_POINTS);
        for (DatasetIndex.LocalHit hit : release.byKeypoints(points)) {
            if (!found.add(hit.item().itemId())) {
                continue;
            }
            GeometricCheck.Agreement agreement = hit.agreement();
            hits.add(new EvidenceHit(hit.item(), Signal.LOCAL_FEATURES, agreement.inliers(),
                    Signal.LOCAL_FEATURES.confidence() * Signal.localConfidence(agreement.inliers(), LocalFeatures.MIN_INLIERS),
                    String.format(Locale.ROOT, "evidence image %d: %d of its %d keypoints meet the item's in one arrangement "
                                    + "(scale %.2f, %d descriptor matches within %d bits)", position, agreement.inliers(),
                            points.size(), agreement.scale(), agreement.matches(), LocalFeatures.MATCH_DISTANCE)));
        }
    }

    /** A PDQ_FRAME hit: a view of the evidence ({@code evidenceView}) near a hash of the item (its whole or one of its views). */
    private static EvidenceHit frameHit(DatasetIndex.PdqHit hit, int position, String evidenceView, int maxDistance) {
        return new EvidenceHit(hit.item(), Signal.PDQ_FRAME, hit.distance(),
                Signal.PDQ_FRAME.confidence() * Signal.pdqConfidence(hit.distance()),
                String.format(Locale.ROOT, "evidence image %d: PDQ distance %d of 256 bits (threshold %d) between the "
                                + "evidence's %s and the item's %s, %s, item quality %d", position, hit.distance(), maxDistance,
                        evidenceView, hit.itemFrame().description(), hit.variant().name().toLowerCase(Locale.ROOT), hit.quality()));
    }

    private static void keepNearest(Map<String, EvidenceHit> byItem, EvidenceHit hit) {
        byItem.merge(hit.item().itemId(), hit, (a, b) -> b.distance() < a.distance() ? b : a);
    }

    /**
     * The crop signal: the evidence cut by 0-5 % per side (1.25 % steps, {@link CropHashes}), each
     * view's PDQ hash and its DCT-derived mirror looked up exactly; an item counts when at least {@code crop-views} views agree
     * (are within the threshold), which a single accidental collision does not achieve.
     */
    private void matchCrops(PdqImages.RgbImage image, int position, DatasetIndex release, Set<String> found,
                            List<EvidenceHit> hits) {
        int maxDistance = config.pdqMaxDistance();
        Map<String, CropVotes> votes = new LinkedHashMap<>();
        List<CropHashes.Crop> views = crops.crops(image);
        for (CropHashes.Crop view : views) {
            if (view.pdq().isLowQuality()) {
                continue;
            }
            // No point caching lookups by hash: views that differ in pixels gave distinct hashes
            // (and mirrors) on every image measured; pixel-identical views are already dropped.
            Map<Dihedral, PdqHash> variants = new EnumMap<>(Dihedral.class);
            variants.put(Dihedral.ORIGINAL, view.pdq().hash());
            variants.put(Dihedral.FLIP_Y, view.pdq().variant(Dihedral.FLIP_Y));
            for (DatasetIndex.PdqHit hit : release.byPdq(variants, maxDistance, DatasetIndex.PdqScope.OWN)) {
                if (!found.contains(hit.item().itemId())) {
                    votes.computeIfAbsent(hit.item().itemId(), id -> new CropVotes(hit.item())).add(hit, view);
                }
            }
        }
        for (CropVotes vote : votes.values()) {
            if (vote.views >= config.cropViews() && found.add(vote.item.itemId())) {
                hits.add(new EvidenceHit(vote.item, Signal.PDQ_CROP, vote.best.distance(),
                        Signal.PDQ_CROP.confidence() * Signal.pdqConfidence(vote.best.distance()),
                        String.format(Locale.ROOT, "evidence image %d: %d of %d cropped views within %d bits; best PDQ "
                                        + "distance %d (%s, %s), item quality %d", position, vote.views, views.size(),
                                maxDistance, vote.best.distance(), vote.bestView.describe(),
                                vote.best.variant().name().toLowerCase(Locale.ROOT), vote.best.quality())));
            }
        }
    }

    /** How many cropped views of one evidence image hit an item, and the nearest. */
    private static final class CropVotes {
        final IndexedItem item;
        int views;
        DatasetIndex.PdqHit best;
        CropHashes.Crop bestView;

        CropVotes(IndexedItem item) {
            this.item = item;
        }

        void add(DatasetIndex.PdqHit hit, CropHashes.Crop view) {
            views++;
            if (best == null || hit.distance() < best.distance()) {
                best = hit;
                bestView = view;
            }
        }
    }
}
