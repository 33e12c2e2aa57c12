package org.takedown.matching.evidence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.takedown.matching.features.Keypoint;
import org.takedown.matching.features.LocalFeatures;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.pdq.PdqImages;

/**
 * Calibration of the local-feature acceptance on the robustness release ({@code -Dcalibrate} on
 * {@link FrameRobustnessBench}): every query's local-feature hits with a low bar, then, for several
 * acceptance rules, how many expected items of the large-crop edits are found and how many items of
 * other photos are hit.
 */
final class LocalFeaturesCalibration {

    private LocalFeaturesCalibration() {
    }

    /** One hit at the low bar: which query, which item, whether it is of the query's own photo, its agreement. */
    private record Seen(String query, String item, boolean own, boolean expected, int inliers, int matches, double mean) {
    }

    static void run(LuceneDatasetIndex index, List<PdqImages.RgbImage> claimants, List<Boolean> usable,
                    List<PhotoEdits.Edit> edits, List<Path> unrelatedFiles, Map<String, String> itemSource) throws Exception {
        int[] caps = {Integer.MAX_VALUE, LocalFeatures.MAX_ITEMS_PER_POINT};
        for (int cap : caps) {
            List<Seen> seen = new ArrayList<>();
            int expectedTotal = 0;
            for (int c = 0; c < claimants.size(); c++) {
                if (!usable.get(c)) {
                    continue;
                }
                String self = "c" + c;
                List<Keypoint> photo = LocalFeatures.extract(claimants.get(c), LocalFeatures.QUERY_POINTS);
                for (DatasetIndex.LocalHit hit : index.byKeypoints(photo, 6, cap)) {
                    String id = hit.item().itemId();
                    boolean expected = id.matches("fwd-(11|12|13)-" + c);
                    seen.add(new Seen("fwd " + c, id, self.equals(itemSource.get(id)), expected, hit.agreement().inliers(),
                            hit.agreement().matches(), hit.agreement().meanDistance()));
                }
                expectedTotal += 3;
                for (int e = 11; e <= 13; e++) {
                    List<Keypoint> edited = LocalFeatures.extract(PdqImages.read(edits.get(e).apply(claimants.get(c))),
                            LocalFeatures.QUERY_POINTS);
                    for (DatasetIndex.LocalHit hit : index.byKeypoints(edited, 6, cap)) {
                        String id = hit.item().itemId();
                        seen.add(new Seen("rev " + e + " " + c, id, self.equals(itemSource.get(id)), id.equals("rev-" + c),
                                hit.agreement().inliers(), hit.agreement().matches(), hit.agreement().meanDistance()));
                    }
                    expectedTotal++;
                }
            }
            for (int u = 0; u < unrelatedFiles.size(); u++) {
                List<Keypoint> photo = LocalFeatures.extract(PhotoEdits.fit(PdqImages.read(unrelatedFiles.get(u)),
                        FrameRobustnessBench.ORIGINAL_SIDE), LocalFeatures.QUERY_POINTS);
                for (DatasetIndex.LocalHit hit : index.byKeypoints(photo, 6, cap)) {
                    String id = hit.item().itemId();
                    seen.add(new Seen("u" + u, id, ("u" + u).equals(itemSource.get(id)), false, hit.agreement().inliers(),
                            hit.agreement().matches(), hit.agreement().meanDistance()));
                }
            }
            System.out.printf(Locale.ROOT, "%nmax items per point %s: %d expected large-crop pairs%n",
                    cap == Integer.MAX_VALUE ? "unlimited" : Integer.toString(cap), expectedTotal);
            System.out.println("| min inliers | min share of matches | large crops found | false hits | false queries |");
            for (int min : new int[] {8, 10, 12, 14, 16}) {
                for (double share : new double[] {0, 0.25, 0.35}) {
                    long found = seen.stream().filter(s -> s.expected() && accepted(s, min, share)).count();
                    List<Seen> wrong = seen.stream().filter(s -> !s.own() && accepted(s, min, share)).toList();
                    System.out.printf(Locale.ROOT, "| %d | %.2f | %d | %d | %d |%n", min, share, found, wrong.size(),
                            wrong.stream().map(Seen::query).distinct().count());
                }
            }
            seen.stream().filter(s -> !s.own() && accepted(s, LocalFeatures.MIN_INLIERS, LocalFeatures.MIN_INLIER_SHARE))
                    .forEach(s -> System.out.printf(Locale.ROOT, "  false at the service's rule: %s -> %s (%s): %d of %d, mean %.1f bits%n",
                            s.query(), s.item(), itemSource.get(s.item()), s.inliers(), s.matches(), s.mean()));
        }
    }

    private static boolean accepted(Seen s, int minInliers, double share) {
        return s.inliers() >= minInliers && s.inliers() >= share * Math.min(s.matches(), 96);
    }
}
