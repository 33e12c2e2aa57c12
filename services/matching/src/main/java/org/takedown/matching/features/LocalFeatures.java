package org.takedown.matching.features;

import boofcv.abst.feature.describe.ConfigBrief;
import boofcv.abst.feature.detdesc.DetectDescribePoint;
import boofcv.abst.feature.detect.interest.ConfigFastHessian;
import boofcv.factory.feature.describe.FactoryDescribePointRadiusAngle;
import boofcv.factory.feature.detdesc.FactoryDetectDescribe;
import boofcv.factory.feature.detect.interest.FactoryInterestPoint;
import boofcv.struct.feature.TupleDesc_B;
import boofcv.struct.image.GrayF32;
import java.util.ArrayList;
import java.util.List;
import org.takedown.matching.pdq.FrameViews;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqHash;

/**
 * Local features for copies that PDQ cannot reach: crops of more than a few per cent that are not
 * centred (20 % off one side, 30 % in total), in either direction. A whole-image hash changes
 * completely when a fifth of the picture is cut away; the corners and blobs that remain do not.
 *
 * <p>An image is shrunk to {@value #WORK_SCALE} pixels on its short side (the size data sets store;
 * area averaging), converted to luma, and its interest points found by BoofCV's Fast-Hessian
 * detector (the scale-space blob detector of SURF) - strongest first, at most {@code max}. Each point
 * is described by BRIEF (256 pairwise intensity comparisons in a smoothed patch, the pattern scaled to
 * the point's size, upright: crops do not rotate), so a point found in a copy at another scale gets
 * a descriptor a few dozen bits from the original's. Matching is then a Hamming-radius search per
 * query point and a geometric check of the matches ({@link GeometricCheck}).
 *
 * <p>The BRIEF pattern comes from BoofCV's fixed seed; {@link #VERSION} names the configuration, and a
 * release records the version its items were described with (descriptors of two versions do not compare).
 */
public final class LocalFeatures {

    /** Recorded in a release's commit data; change it whenever anything below changes what a descriptor is. */
    public static final String VERSION = "boofcv-1.2.2 fast-hessian brief-so-256 r16 s256";
    /** The key under which a release's commit data records {@link #VERSION}. */
    public static final String COMMIT_KEY = "local-features";
    /** Descriptors within this many bits of each other match (of 256). */
    public static final int MATCH_DISTANCE = 24;
    /** Matches one scale and shift must explain for an item to count as found. */
    public static final int MIN_INLIERS = 12;
    /**
     * ... and at least this share of the item's matches (of the nearest {@code GeometricCheck.MAX_MATCHES}): an
     * item with many scattered matches (stars, foliage) yields a dozen agreeing ones by chance.
     */
    public static final double MIN_INLIER_SHARE = 0.25;
    /** Query points whose descriptor is near points of more items than this are not used (generic patches). */
    public static final int MAX_ITEMS_PER_POINT = 100;
    /** Short side of the working copy. */
    public static final int WORK_SCALE = FrameViews.ITEM_SCALE;
    /** Points stored per data set item. */
    public static final int ITEM_POINTS = 64;
    /** Points looked up per query image: more than an item stores, so that a crop's surviving points are among them. */
    public static final int QUERY_POINTS = 200;

    /** BoofCV's detectors keep state per image: one per thread and number of points. */
    private static final ThreadLocal<java.util.Map<Integer, DetectDescribePoint<GrayF32, TupleDesc_B>>> DETECTORS =
            ThreadLocal.withInitial(java.util.HashMap::new);

    private LocalFeatures() {
    }

    /** Fast-Hessian keeping the {@code max} strongest points over all scales, with upright BRIEF. */
    private static DetectDescribePoint<GrayF32, TupleDesc_B> detector(int max) {
        ConfigFastHessian hessian = new ConfigFastHessian();
        hessian.maxFeaturesAll = max;
        hessian.extract.radius = 2;
        hessian.extract.threshold = 0;
        ConfigBrief brief = new ConfigBrief(false);
        brief.numPoints = 256;
        brief.radius = 16;
        return FactoryDetectDescribe.fuseTogether(FactoryInterestPoint.fastHessian(hessian, GrayF32.class), null,
                FactoryDescribePointRadiusAngle.brief(brief, GrayF32.class));
    }

    /** The (at most) {@code max} strongest points of {@code image}; {@code max} at most {@value #QUERY_POINTS}. */
    public static List<Keypoint> extract(PdqImages.RgbImage image, int max) {
        if (max < 1 || max > QUERY_POINTS) {
            throw new IllegalArgumentException("max must be 1.." + QUERY_POINTS + ", got " + max);
        }
        PdqImages.RgbImage work = FrameViews.shrinkShortSide(image, WORK_SCALE);
        GrayF32 gray = new GrayF32(work.width(), work.height());
        int[] px = work.pixels();
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            gray.data[i] = 0.299f * ((p >>> 16) & 0xFF) + 0.587f * ((p >>> 8) & 0xFF) + 0.114f * (p & 0xFF);
        }
        DetectDescribePoint<GrayF32, TupleDesc_B> detector = DETECTORS.get().computeIfAbsent(max, LocalFeatures::detector);
        detector.detect(gray);
        float side = Math.max(work.width(), work.height());
        int n = detector.getNumberOfFeatures();
        List<Keypoint> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] bits = detector.getDescription(i).data;
            PdqHash descriptor = PdqHash.ofWords(word(bits, 0), word(bits, 1), word(bits, 2), word(bits, 3));
            points.add(new Keypoint((float) (detector.getLocation(i).x / side), (float) (detector.getLocation(i).y / side),
                    (float) (detector.getRadius(i) / side), descriptor));
        }
        return points;
    }

    /** Whether an item with this agreement counts as found (calibrated on real photos: docs/benchmarks.md). */
    public static boolean accepts(GeometricCheck.Agreement agreement) {
        return agreement.inliers() >= MIN_INLIERS
                && agreement.inliers() >= MIN_INLIER_SHARE * Math.min(agreement.matches(), GeometricCheck.MAX_MATCHES);
    }

    private static long word(int[] bits, int w) {
        return (bits[2 * w] & 0xFFFFFFFFL) | ((long) bits[2 * w + 1] << 32);
    }
}
