package org.takedown.matching.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.takedown.pdq.PdqHash;

/** The geometric check on made-up matches: one crop-and-resize among random pairings is found, random pairings alone are not. */
class GeometricCheckTest {

    private static final PdqHash ANY = PdqHash.ofWords(0, 0, 0, 0);

    private static Keypoint point(double x, double y, double radius) {
        return new Keypoint((float) x, (float) y, (float) radius, ANY);
    }

    /** {@code n} random pairings of query and item points. */
    private static List<GeometricCheck.Match> noise(Random random, int n, int firstQuery, int firstItem) {
        List<GeometricCheck.Match> matches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            matches.add(new GeometricCheck.Match(firstQuery + i, point(random.nextDouble(), random.nextDouble() * 0.75, 0.02),
                    firstItem + i, point(random.nextDouble(), random.nextDouble() * 0.75, 0.02), 10 + random.nextInt(14)));
        }
        return matches;
    }

    @Test
    void findsTheScaleAndShiftOfACropAmongRandomMatches() {
        Random random = new Random(3);
        // The query is the item with 20 % cut off its left side, shown larger: item = 0.8 x query + (0.2, 0).
        List<GeometricCheck.Match> matches = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double qx = random.nextDouble();
            double qy = random.nextDouble() * 0.9;
            double r = 0.01 + random.nextDouble() * 0.03;
            matches.add(new GeometricCheck.Match(i, point(qx, qy, r), i, point(0.8 * qx + 0.2 + 0.003, 0.8 * qy - 0.002, 0.8 * r), 12));
        }
        matches.addAll(noise(random, 40, 100, 100));
        Collections.shuffle(matches, random);

        GeometricCheck.Agreement agreement = GeometricCheck.best(matches).orElseThrow();

        assertEquals(12, agreement.inliers());
        assertEquals(52, agreement.matches());
        assertEquals(0.8, agreement.scale(), 0.02);
        assertEquals(0.2, agreement.dx(), 0.02);
        assertEquals(0.0, agreement.dy(), 0.02);
    }

    @Test
    void randomMatchesAgreeOnFewerPointsThanTheMinimum() {
        for (long seed = 0; seed < 20; seed++) {
            List<GeometricCheck.Match> matches = noise(new Random(seed), 60, 0, 0);
            int inliers = GeometricCheck.best(matches).map(GeometricCheck.Agreement::inliers).orElse(0);
            assertTrue(inliers < LocalFeatures.MIN_INLIERS, "seed " + seed + ": " + inliers + " random matches agree");
        }
    }

    @Test
    void onePointMatchedManyTimesCountsOnce() {
        // Ten item points all matched to the same query point, plus two real matches: no agreement of ten.
        List<GeometricCheck.Match> matches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            matches.add(new GeometricCheck.Match(0, point(0.5, 0.5, 0.02), i, point(0.5, 0.5, 0.02), 20));
        }
        matches.add(new GeometricCheck.Match(1, point(0.1, 0.1, 0.02), 20, point(0.1, 0.1, 0.02), 5));
        matches.add(new GeometricCheck.Match(2, point(0.9, 0.6, 0.02), 21, point(0.9, 0.6, 0.02), 5));
        assertEquals(3, GeometricCheck.best(matches).orElseThrow().inliers());
    }
}
