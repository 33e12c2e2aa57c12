package org.takedown.matching.pdq;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.takedown.pdq.PdqResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Border detection and the views cut from it, on synthetic photos padded the way img2dataset and letterboxes pad. */
class FrameViewsTest {

    private static PdqImages.RgbImage photo(int w, int h, long seed) {
        return new PdqImages.RgbImage(PdqBench.syntheticPhoto(w, h, seed).getRGB(0, 0, w, h, null, 0, w), w, h);
    }

    private static PdqImages.RgbImage pad(PdqImages.RgbImage image, int left, int top, int right, int bottom, int colour) {
        int w = image.width() + left + right;
        int h = image.height() + top + bottom;
        int[] out = new int[w * h];
        java.util.Arrays.fill(out, colour);
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(image.pixels(), y * image.width(), out, (top + y) * w + left, image.width());
        }
        return new PdqImages.RgbImage(out, w, h);
    }

    private static PdqImages.RgbImage jpeg(PdqImages.RgbImage image) throws Exception {
        java.awt.image.BufferedImage b = new java.awt.image.BufferedImage(image.width(), image.height(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        b.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(b, "jpeg", out);
        return PdqImages.read(out.toByteArray());
    }

    @Test
    void paddingOfAnyColourIsFoundOnEverySide() {
        PdqImages.RgbImage content = photo(256, 160, 1);
        for (int colour : new int[] {0x000000, 0xFFFFFF, 0x7F7F7F, 0x2050A0}) {
            PdqImages.RgbImage padded = pad(content, 0, 48, 0, 48, colour);
            assertEquals(new FrameViews.Box(0, 48, 256, 208), FrameViews.contentBox(padded.pixels(), 256, 256),
                    "top and bottom bars of " + Integer.toHexString(colour));
            PdqImages.RgbImage pillar = pad(photo(160, 256, 2), 48, 0, 48, 0, colour);
            assertEquals(new FrameViews.Box(48, 0, 208, 256), FrameViews.contentBox(pillar.pixels(), 256, 256),
                    "left and right bars of " + Integer.toHexString(colour));
        }
        PdqImages.RgbImage mat = pad(content, 20, 10, 20, 10, 0xF0E0C0);
        assertEquals(new FrameViews.Box(20, 10, 276, 170), FrameViews.contentBox(mat.pixels(), mat.width(), mat.height()));
        PdqImages.RgbImage strip = pad(content, 0, 0, 0, 30, 0x101010);
        assertEquals(new FrameViews.Box(0, 0, 256, 160), FrameViews.contentBox(strip.pixels(), strip.width(), strip.height()),
                "a bar on one side only");
    }

    @Test
    void aPhotoWithoutBordersIsItsOwnContent() {
        PdqImages.RgbImage plain = photo(400, 300, 3);
        assertEquals(new FrameViews.Box(0, 0, 400, 300), FrameViews.contentBox(plain.pixels(), 400, 300));
    }

    @Test
    void aBarThinnerThanOnePercentIsNotABorder() {
        PdqImages.RgbImage framed = pad(photo(400, 300, 4), 0, 2, 0, 0, 0);
        assertEquals(0, FrameViews.contentBox(framed.pixels(), 400, 302).y0());
    }

    @Test
    void jpegCompressedBarsAreFoundWithinAPixelOrTwo() throws Exception {
        PdqImages.RgbImage padded = jpeg(pad(photo(256, 144, 5), 0, 56, 0, 56, 0xFFFFFF));
        FrameViews.Box box = FrameViews.contentBox(padded.pixels(), 256, 256);
        assertTrue(Math.abs(box.y0() - 56) <= 2 && Math.abs(box.y1() - 200) <= 2, box.toString());
        assertEquals(0, box.x0());
        assertEquals(256, box.x1());
    }

    @Test
    void barsOfDifferentDepthOnOppositeSidesAreCutToTheNarrowerOne() {
        // A black bar of 40 rows above a photo whose own top 20 rows are black too: 60 dark rows above, 40 below.
        PdqImages.RgbImage photo = photo(256, 176, 10);
        int[] px = photo.pixels().clone();
        java.util.Arrays.fill(px, 0, 20 * 256, 0);
        PdqImages.RgbImage padded = pad(new PdqImages.RgbImage(px, 256, 176), 0, 40, 0, 40, 0);
        assertEquals(new FrameViews.Box(0, 40, 256, 216), FrameViews.contentBox(padded.pixels(), 256, 256));
    }

    @Test
    void shrinkingAveragesAreasLikeInterArea() {
        int[] px = new int[4 * 2];
        java.util.Arrays.fill(px, 0, 4, 0xFFFFFF);
        PdqImages.RgbImage stripes = new PdqImages.RgbImage(new int[] {0xFFFFFF, 0, 0xFFFFFF, 0, 0xFFFFFF, 0, 0xFFFFFF, 0, 0xFFFFFF,
            0, 0xFFFFFF, 0}, 6, 2);
        PdqImages.RgbImage half = FrameViews.shrinkShortSide(stripes, 1);
        assertEquals(3, half.width());
        assertEquals(1, half.height());
        for (int p : half.pixels()) {
            assertEquals(0x808080, p, "each output pixel is the mean of one white and one black column");
        }
        assertTrue(FrameViews.shrinkShortSide(stripes, 2) == stripes, "an image already that small is kept");
    }

    @Test
    void centredCropsKeepTheCentreAndSkipTheSameRatio() {
        FrameViews.Box wide = new FrameViews.Box(0, 0, 1600, 900);
        assertEquals(new FrameViews.Box(350, 0, 1250, 900), FrameViews.centred(wide, 1.0));
        assertEquals(new FrameViews.Box(200, 0, 1400, 900), FrameViews.centred(wide, 4.0 / 3));
        assertNull(FrameViews.centred(wide, 16.0 / 9));
        assertEquals(new FrameViews.Box(0, 25, 100, 125), FrameViews.centred(new FrameViews.Box(0, 0, 100, 150), 1.0));
    }

    @Test
    void anItemStoresItsContentSquareAndInnerViewsOnlyWhereTheyDiffer() {
        FrameViews views = new FrameViews();
        Set<FrameViews.Frame> padded = frames(views.itemViews(pad(photo(256, 160, 6), 0, 48, 0, 48, 0)));
        assertEquals(Set.of(FrameViews.Frame.CONTENT, FrameViews.Frame.SQUARE, FrameViews.Frame.INNER), padded);
        Set<FrameViews.Frame> square = frames(views.itemViews(photo(256, 256, 7)));
        assertEquals(Set.of(FrameViews.Frame.INNER), square);
        Set<FrameViews.Frame> large = frames(views.itemViews(photo(300, 300, 7)));
        assertEquals(Set.of(FrameViews.Frame.SCALED, FrameViews.Frame.INNER), large, "a copy at 256 px of an item larger than that");
        Set<FrameViews.Frame> query = frames(views.queryViews(photo(400, 300, 8)));
        assertTrue(query.containsAll(Set.of(FrameViews.Frame.SQUARE, FrameViews.Frame.RATIO_16_9, FrameViews.Frame.RATIO_3_4)), query.toString());
        assertTrue(!query.contains(FrameViews.Frame.RATIO_4_3) && !query.contains(FrameViews.Frame.INNER), query.toString());
    }

    @Test
    void theContentViewHashesLikeTheUnpaddedPhoto() {
        PdqImages.RgbImage content = photo(256, 160, 9);
        PdqResult plain = PdqImages.hash(content);
        FrameViews.View view = new FrameViews().itemViews(pad(content, 0, 48, 0, 48, 0xFFFFFF)).stream()
                .filter(v -> v.frame() == FrameViews.Frame.CONTENT).findFirst().orElseThrow();
        assertTrue(view.pdq().hash().hamming(plain.hash()) <= 4, "distance " + view.pdq().hash().hamming(plain.hash()));
        assertTrue(PdqImages.hash(pad(content, 0, 48, 0, 48, 0xFFFFFF)).hash().hamming(plain.hash()) > 31,
                "plain PDQ of the padded photo must miss, or this test shows nothing");
    }

    private static Set<FrameViews.Frame> frames(List<FrameViews.View> views) {
        return views.stream().map(FrameViews.View::frame).collect(Collectors.toSet());
    }
}
