package org.takedown.matching.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.match.Signal;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.matching.pdq.TestData;

/**
 * Real photos (Meta's PDQ reference photos: the 1600x1004 bridge and the 924x735 pen and coaster)
 * stored as img2dataset stores them at image_size 256 — {@code border} with white and with black
 * padding, and {@code center_crop} — are found with the photo (forward), and the photo in the data
 * set is found with those copies (reverse), through a release ingested like any other; plain PDQ
 * finds none of them, and nothing is found from the other photo or the unrelated ones.
 */
class FramedPhotoMatchingTest {

    private static final List<String> EDITS = List.of("border 256 white", "border 256 black", "center_crop 256");

    @TempDir
    static Path dir;
    static LuceneDatasetIndex index;
    static final List<PdqImages.RgbImage> photos = new ArrayList<>();

    @BeforeAll
    static void ingest() throws Exception {
        PhotoRelease.Built built = PhotoRelease.build(dir, "framed", EDITS, u -> PhotoEdits.named(EDITS.get(u % EDITS.size())));
        index = built.index();
        photos.addAll(built.photos());
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
    void thePhotoFindsItsBorderedAndCentreCroppedCopies() {
        for (int p = 0; p < PhotoRelease.PHOTOS.size(); p++) {
            List<EvidenceMatcher.EvidenceHit> hits = search(photos.get(p));
            Set<String> expected = new TreeSet<>(Set.of(forward(p, 0), forward(p, 1), forward(p, 2), reverse(p)));
            assertEquals(expected, items(hits, Set.of(Signal.values())), PhotoRelease.PHOTOS.get(p));
            for (int e = 0; e < EDITS.size(); e++) {
                String item = forward(p, e);
                // Explained by the nearest pair of views, e.g. the evidence's centred square and the item's.
                assertTrue(hits.stream().anyMatch(h -> h.item().itemId().equals(item) && h.signal() == Signal.PDQ_FRAME
                        && h.detail().matches("evidence image 0: PDQ distance \\d+ .* between the evidence's .* and the item's .*")),
                        item + " explained as a reframed view: " + hits);
            }
            assertEquals(Set.of(reverse(p)), items(hits, Set.of(Signal.PDQ, Signal.PDQ_CROP)),
                    "plain PDQ and the crop signal find none of the copies (else this test shows nothing new)");
        }
    }

    @Test
    void theBorderedAndCentreCroppedCopiesFindThePhoto() throws Exception {
        for (int p = 0; p < PhotoRelease.PHOTOS.size(); p++) {
            String own = "photo" + p + "-";
            for (String edit : EDITS) {
                PdqImages.RgbImage query = PdqImages.read(PhotoEdits.named(edit).apply(photos.get(p)));
                List<EvidenceMatcher.EvidenceHit> hits = search(query);
                Set<String> found = items(hits, Set.of(Signal.values()));
                assertTrue(found.contains(reverse(p)), PhotoRelease.PHOTOS.get(p) + " " + edit + " finds the photo: " + hits);
                assertTrue(found.stream().allMatch(id -> id.startsWith(own)),
                        PhotoRelease.PHOTOS.get(p) + " " + edit + " finds only copies of its own photo: " + found);
                assertTrue(!items(hits, Set.of(Signal.PDQ, Signal.PDQ_CROP)).contains(reverse(p)),
                        "plain PDQ and the crop signal miss the photo (else this test shows nothing new)");
            }
        }
    }

    @Test
    void unrelatedPhotosFindNothingOfTheseCopies() throws Exception {
        for (String unrelated : PhotoRelease.UNRELATED) {
            Set<String> found = items(search(PdqImages.read(TestData.image(unrelated))), Set.of(Signal.values()));
            assertTrue(found.stream().noneMatch(id -> id.startsWith("photo")), unrelated + ": " + found);
        }
    }
}
