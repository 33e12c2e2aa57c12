package org.takedown.matching.evidence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private static final List<String> EDITS = List.of("crop 20% off one side", "crop 10% off two sides", "crop 30% in total");
    private static final Set<Signal> PDQ_SIGNALS = Set.of(Signal.PDQ, Signal.PDQ_CROP, Signal.PDQ_FRAME);

    @TempDir
    static Path dir;
    static LuceneDatasetIndex index;
    static final List<PdqImages.RgbImage> photos = new ArrayList<>();

    @BeforeAll
    static void ingest() throws Exception {
        PhotoRelease.Built built = PhotoRelease.build(dir, "cropped", EDITS, u -> PhotoEdits.named("keep_ratio 256"));
        index = built.index();
        photos.addAll(built.photos());
        assertTrue(index.hasLocalFeatures(), "the release records its items' local features");
    }

    private static String forward(int photo, int edit) {
        return PhotoRelease.forward(photo, EDITS.get(edit));
    }

    private static String reverse(int photo) {
        return PhotoRelease.reverse(photo);
    }

    private static List<EvidenceMatcher.EvidenceHit> search(PdqImages.RgbImage query) {
        return PhotoRelease.search(index, query);
    }

    private static Set<String> items(List<EvidenceMatcher.EvidenceHit> hits, Set<Signal> signals) {
        return PhotoRelease.items(hits, signals);
    }

    @Test
    void thePhotoFindsItsCroppedCopies() {
        for (int p = 0; p < PhotoRelease.PHOTOS.size(); p++) {
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
                    PhotoRelease.PHOTOS.get(p) + " finds only copies of itself: " + hits);
        }
    }

    @Test
    void theCroppedCopiesFindThePhoto() throws Exception {
        for (int p = 0; p < PhotoRelease.PHOTOS.size(); p++) {
            for (String edit : EDITS) {
                List<EvidenceMatcher.EvidenceHit> hits = search(PdqImages.read(PhotoEdits.named(edit).apply(photos.get(p))));
                assertTrue(items(hits, Set.of(Signal.LOCAL_FEATURES)).contains(reverse(p)), PhotoRelease.PHOTOS.get(p) + " " + edit + ": " + hits);
                assertTrue(!items(hits, PDQ_SIGNALS).contains(reverse(p)), "PDQ's signals miss the photo (else this test shows nothing new)");
                String own = "photo" + p + "-";
                assertTrue(items(hits, Set.of(Signal.values())).stream().allMatch(id -> id.startsWith(own)),
                        PhotoRelease.PHOTOS.get(p) + " " + edit + " finds only copies of its own photo: " + hits);
            }
        }
    }

    @Test
    void unrelatedPhotosFindNothingOfThesePhotos() throws Exception {
        for (String unrelated : PhotoRelease.UNRELATED) {
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
