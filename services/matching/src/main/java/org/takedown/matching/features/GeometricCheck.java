package org.takedown.matching.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether descriptor matches between a query image and an item are one picture seen through a crop
 * and a resize: the largest set of matches that one scale and one shift map onto each other (no
 * rotation; both images' coordinates are shares of their longer sides). Every pair of matches far
 * enough apart proposes a model (the scale from their distances, the shift from one of them; their
 * directions and their points' sizes must agree with it), and the model that the most matches
 * follow - each query point and each item point counted once - wins. Unrelated images share a few
 * similar-looking patches, but not many in the same arrangement.
 */
public final class GeometricCheck {

    /** A query point, the item point whose descriptor is within the search distance of it, and that distance. */
    public record Match(int queryPoint, Keypoint query, int itemPoint, Keypoint item, int distance) {
    }

    /**
     * The best model: how many matches follow it, of how many, the scale and shift (item = scale x query + shift),
     * and the mean descriptor distance of the matches that follow it.
     */
    public record Agreement(int inliers, int matches, double scale, double dx, double dy, double meanDistance) {
    }

    /** Matches looked at per item: the nearest descriptors; enough for every true match of a stored item. */
    public static final int MAX_MATCHES = 96;
    /** Two matches closer than this (share of the query's longer side) say little about scale. */
    private static final double MIN_SPAN = 0.05;
    private static final double MIN_SCALE = 0.4;
    private static final double MAX_SCALE = 2.5;
    /** Directions of the two matches may differ this much (radians): crops and resizes do not rotate. */
    private static final double MAX_TURN = 0.1;
    /** A match follows a model when it lands this close to its item point (share of the item's longer side). */
    private static final double TOLERANCE = 0.015;
    /** The points' own sizes must agree with the model's scale within this factor. */
    private static final double SIZE_FACTOR = 1.6;

    private GeometricCheck() {
    }

    /** The model most of {@code matches} follow, if any pair proposes one. */
    public static Optional<Agreement> best(List<Match> matches) {
        List<Match> m = matches;
        if (m.size() > MAX_MATCHES) {
            m = new ArrayList<>(matches);
            m.sort(Comparator.comparingInt(Match::distance));
            m = m.subList(0, MAX_MATCHES);
        }
        Agreement best = null;
        int queryPoints = 1 + m.stream().mapToInt(Match::queryPoint).max().orElse(0);
        int itemPoints = 1 + m.stream().mapToInt(Match::itemPoint).max().orElse(0);
        boolean[] queryUsed = new boolean[queryPoints];
        boolean[] itemUsed = new boolean[itemPoints];
        for (int a = 0; a < m.size(); a++) {
            Keypoint qa = m.get(a).query();
            Keypoint ia = m.get(a).item();
            for (int b = a + 1; b < m.size(); b++) {
                Keypoint qb = m.get(b).query();
                Keypoint ib = m.get(b).item();
                double qdx = qb.x() - qa.x();
                double qdy = qb.y() - qa.y();
                double idx = ib.x() - ia.x();
                double idy = ib.y() - ia.y();
                double span = Math.hypot(qdx, qdy);
                if (span < MIN_SPAN) {
                    continue;
                }
                double scale = Math.hypot(idx, idy) / span;
                if (scale < MIN_SCALE || scale > MAX_SCALE) {
                    continue;
                }
                double turn = Math.abs(Math.IEEEremainder(Math.atan2(idy, idx) - Math.atan2(qdy, qdx), 2 * Math.PI));
                if (turn > MAX_TURN || !sizesAgree(qa, ia, scale) || !sizesAgree(qb, ib, scale)) {
                    continue;
                }
                double dx = ia.x() - scale * qa.x();
                double dy = ia.y() - scale * qa.y();
                long inliers = inliers(m, scale, dx, dy, queryUsed, itemUsed);
                int count = (int) (inliers >>> 32);
                if (best == null || count > best.inliers()) {
                    best = new Agreement(count, matches.size(), scale, dx, dy, count == 0 ? 0 : (double) (int) inliers / count);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean sizesAgree(Keypoint query, Keypoint item, double scale) {
        double ratio = item.radius() / (scale * query.radius());
        return ratio < SIZE_FACTOR && ratio > 1 / SIZE_FACTOR;
    }

    /** The number of matches that follow the model (high 32 bits) and the sum of their distances (low 32 bits). */
    private static long inliers(List<Match> m, double scale, double dx, double dy, boolean[] queryUsed, boolean[] itemUsed) {
        java.util.Arrays.fill(queryUsed, false);
        java.util.Arrays.fill(itemUsed, false);
        int inliers = 0;
        int distances = 0;
        for (Match match : m) {
            if (queryUsed[match.queryPoint()] || itemUsed[match.itemPoint()]) {
                continue;
            }
            double ex = scale * match.query().x() + dx - match.item().x();
            double ey = scale * match.query().y() + dy - match.item().y();
            if (ex * ex + ey * ey < TOLERANCE * TOLERANCE) {
                queryUsed[match.queryPoint()] = true;
                itemUsed[match.itemPoint()] = true;
                inliers++;
                distances += match.distance();
            }
        }
        return (long) inliers << 32 | distances;
    }
}
