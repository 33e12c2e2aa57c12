package org.takedown.matching.evidence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.match.Signal;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.matching.pdq.TestData;

/**
 * Real photos (Meta's PDQ reference photos: the bridge and the pen and coaster) cropped by more than PDQ's
 * views reach - 20 % off one side, 10 % off two sides, 30 % in total - and stored at image_size 256 are
 * found with the photo (forward), and the photo in the data set with those crops (reverse), by local
 * features; PDQ's signals find none of them, and unrelated photos find nothing.
 */
class LocalFeatureMatchingTest {

    private static final List<String> PHOTOS = List.of("dih/bridge-1-original.jpg", "pen-and-coaster.png");
    private static final List<String> UNRELATED = List.of("labelme-subset/q0122.jpg", "labelme-subset/q0291.jpg",
            "labelme-subset/q0746.jpg", "labelme-subset/q1050.jpg", "labelme-subset/q2821.jpg");
    private static final List<String> EDITS = List.of("crop 20% off one side", "crop 10% off two sides", "crop 30% in total");
    private static final Set<Signal> PDQ_SIGNALS = Set.of(Signal.PDQ, Signal.PDQ_CROP, Signal.PDQ_FRAME);

    @TempDir
    static Path dir;
    static LuceneDatasetIndex index;
    static final List<PdqImages.RgbImage> photos = new ArrayList<>();

    @BeforeAll
    static void ingest() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int p = 0; p < PHOTOS.size(); p++) {
            PdqImages.RgbImage photo = PdqImages.read(TestData.image(PHOTOS.get(p)));
            photos.add(photo);
            for (int e = 0; e < EDITS.size(); e++) {
                files.put(forward(p, e), PhotoEdits.named(EDITS.get(e)).apply(photo));
            }
            files.put(reverse(p), PhotoEdits.jpeg(PhotoEdits.keepRatio(photo, 512), 0.95f));
        }
        for (int u = 0; u < UNRELATED.size(); u++) {
            files.put("unrelated-" + u, PhotoEdits.jpeg(PhotoEdits.keepRatio(PdqImages.read(TestData.image(UNRELATED.get(u))), 256), 0.95f));
        }
        index = PhotoRelease.ingest(dir, files, "cropped");
        assertTrue(index.hasLocalFeatures(), "the release records its items' local features");
    }

    private static String forward(int photo, int edit) {
        return "photo" + photo + "-" + EDITS.get(edit).replace(' ', '-').replace("%", "pc");
    }

    private static String reverse(int photo) {
        return "photo" + photo + "-keep_ratio-512";
    }

    private static List<EvidenceMatcher.EvidenceHit> search(PdqImages.RgbImage query) {
        return PhotoRelease.search(index, query);
    }

    private static Set<String> items(List<EvidenceMatcher.EvidenceHit> hits, Set<Signal> signals) {
        return PhotoRelease.items(hits, signals);
    }

    @Test
    void thePhotoFindsItsCroppedCopies() {
        for (int p = 0; p < PHOTOS.size(); p++) {
            List<EvidenceMatcher.EvidenceHit> hits = search(photos.get(p));
            for (int e = 0; e < EDITS.size(); e++) {
                String item = forward(p, e);
                assertTrue(hits.stream().anyMatch(h -> h.item().itemId().equals(item) && h.signal() == Signal.LOCAL_FEATURES
                                && h.detail().matches("evidence image 0: \\d+ of its \\d+ keypoints meet the item's in one arrangement .*")),
                        item + " found and explained by local features: " + hits);
                assertTrue(!items(hits, PDQ_SIGNALS).contains(item), "PDQ's signals miss " + item + " (else this test shows nothing new)");
            }
            String own = "photo" + p + "-";
            assertTrue(items(hits, Set.of(Signal.values())).stream().allMatch(id -> id.startsWith(own)),
                    PHOTOS.get(p) + " finds only copies of itself: " + hits);
        }
    }

    @Test
    void theCroppedCopiesFindThePhoto() throws Exception {
        for (int p = 0; p < PHOTOS.size(); p++) {
            for (String edit : EDITS) {
                List<EvidenceMatcher.EvidenceHit> hits = search(PdqImages.read(PhotoEdits.named(edit).apply(photos.get(p))));
                assertTrue(items(hits, Set.of(Signal.LOCAL_FEATURES)).contains(reverse(p)), PHOTOS.get(p) + " " + edit + ": " + hits);
                assertTrue(!items(hits, PDQ_SIGNALS).contains(reverse(p)), "PDQ's signals miss the photo (else this test shows nothing new)");
                String own = "photo" + p + "-";
                assertTrue(items(hits, Set.of(Signal.values())).stream().allMatch(id -> id.startsWith(own)),
                        PHOTOS.get(p) + " " + edit + " finds only copies of its own photo: " + hits);
            }
        }
    }

    @Test
    void unrelatedPhotosFindNothingOfThesePhotos() throws Exception {
        for (String unrelated : UNRELATED) {
            Set<String> found = items(search(PdqImages.read(TestData.image(unrelated))), Set.of(Signal.values()));
            assertTrue(found.stream().noneMatch(id -> id.startsWith("photo")), unrelated + ": " + found);
        }
    }

    @Test
    void withLocalFeaturesOffTheLargeCropsAreNotFound() {
        List<EvidenceMatcher.EvidenceHit> hits = new ArrayList<>();
        DemoDatasetMatchingTest.matcher(2, true, false).matchImage(photos.get(0), 0, index, hits);
        assertTrue(items(hits, Set.of(Signal.values())).stream().noneMatch(id -> id.startsWith("photo0-crop")), hits.toString());
    }
}
