package org.takedown.matching.pdq;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqHasher;
import org.takedown.pdq.PdqResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cheap crop views must be what hashing each cropped region would give, their mirrored hashes
 * what hashing mirrored pixels would give, and the luminance-plane entry points must agree with the
 * RGB ones. "Would give" is bit for bit where the arithmetic is the same and within a stated number
 * of bits where it is regrouped.
 */
class CropHashesTest {

    private static final PdqHasher HASHER = new PdqHasher();

    /** Regrouped float sums may flip a bit whose coefficient sits within rounding of the median. */
    private static final int MAX_REGROUPING_BITS = 2;
    /**
     * Above 64x64 the DCT-derived mirror is not the hash of the mirrored pixels: PDQ's box windows
     * (even widths lean right) and sample points are not mirror-symmetric, so mirroring shifts the
     * content by about 1.5 pixels of a 256-pixel working image under PDQ's grid, and PDQ moves with
     * such a shift. Measured on these views: 8-40 bits, mean 19-31 bits. Unrelated hashes are ~128
     * bits apart.
     */
    private static final int MAX_MIRROR_BITS = 48;
    private static final int MAX_MEAN_MIRROR_BITS = 32;

    private static PdqImages.RgbImage synthetic(int w, int h, long seed) {
        return new PdqImages.RgbImage(PdqBench.syntheticPhoto(w, h, seed).getRGB(0, 0, w, h, null, 0, w), w, h);
    }

    private static List<PdqImages.RgbImage> images() throws IOException {
        return List.of(synthetic(1024, 768, 1), synthetic(200, 150, 2), synthetic(300, 520, 3),
                PdqImages.read(TestData.image("pen-and-coaster.png")));
    }

    private record Region(int x0, int y0, int width, int height) {
    }

    /** The pixel region CropHashes cuts for a view of a working image w x h, with the same rounding. */
    private static Region region(CropHashes.Crop crop, int w, int h) {
        int x0 = (int) Math.round(w * crop.left());
        int x1 = w - (int) Math.round(w * crop.right());
        int y0 = (int) Math.round(h * crop.top());
        int y1 = h - (int) Math.round(h * crop.bottom());
        return new Region(x0, y0, x1 - x0, y1 - y0);
    }

    private static int[] cut(PdqImages.RgbImage image, Region r) {
        int[] out = new int[r.width() * r.height()];
        for (int y = 0; y < r.height(); y++) {
            System.arraycopy(image.pixels(), (r.y0() + y) * image.width() + r.x0(), out, y * r.width(), r.width());
        }
        return out;
    }

    @Test
    void everyViewHashesLikeItsCroppedRegion() throws IOException {
        for (PdqImages.RgbImage image : images()) {
            PdqImages.RgbImage small = CropHashes.shrink(image, CropHashes.WORKING_SIDE);
            float[] plane = PdqHasher.luminance(small.pixels(), small.width(), small.height());
            List<CropHashes.Crop> views = new CropHashes().crops(image);
            int n = CropHashes.FRACTIONS.length;
            assertEquals(n * n * n * n - 1, views.size(), "every combination but the uncropped one");
            int identical = 0;
            int worst = 0;
            for (CropHashes.Crop view : views) {
                Region r = region(view, small.width(), small.height());
                PdqResult exact = HASHER.hashLuma(plane, small.width(), r.x0(), r.y0(), r.width(), r.height());
                int d = exact.hash().hamming(view.pdq().hash());
                int dMirror = exact.flipY().hamming(view.pdq().flipY());
                worst = Math.max(worst, Math.max(d, dMirror));
                if (d == 0 && dMirror == 0) {
                    identical++;
                }
            }
            assertTrue(worst <= MAX_REGROUPING_BITS, image.width() + "x" + image.height() + ": a view is "
                    + worst + " bits from hashing its region");
            assertTrue(identical >= views.size() * 9 / 10, image.width() + "x" + image.height()
                    + ": only " + identical + " of " + views.size() + " views bit-identical");
        }
    }

    @Test
    void mirroredHashFromDctIsNearHashingMirroredPixelsOfAView() throws IOException {
        for (PdqImages.RgbImage image : images()) {
            PdqImages.RgbImage small = CropHashes.shrink(image, CropHashes.WORKING_SIDE);
            int worst = 0;
            long total = 0;
            List<CropHashes.Crop> views = new CropHashes().crops(image);
            for (CropHashes.Crop view : views) {
                Region r = region(view, small.width(), small.height());
                int[] mirrored = Dihedral.FLIP_Y.applyToPixels(cut(small, r), r.width(), r.height());
                int d = HASHER.hashRgb(mirrored, r.width(), r.height()).hash().hamming(view.pdq().flipY());
                worst = Math.max(worst, d);
                total += d;
            }
            assertTrue(worst <= MAX_MIRROR_BITS, image.width() + "x" + image.height()
                    + ": DCT mirror " + worst + " bits from hashing mirrored pixels");
            assertTrue(total <= (long) MAX_MEAN_MIRROR_BITS * views.size(), image.width() + "x" + image.height()
                    + ": mean distance " + (double) total / views.size() + " bits");
        }
    }

    @Test
    void dctMirrorOf64x64IsHashOfMirroredPixels() {
        // At 64x64 PDQ neither blurs nor resamples: only the summation order of the DCT differs.
        for (long seed = 1; seed <= 20; seed++) {
            int[] rgb = synthetic(64, 64, seed).pixels();
            PdqHash viaDct = HASHER.hashRgb(rgb, 64, 64).flipY();
            PdqHash viaPixels = HASHER.hashRgb(Dihedral.FLIP_Y.applyToPixels(rgb, 64, 64), 64, 64).hash();
            assertTrue(viaDct.hamming(viaPixels) <= MAX_REGROUPING_BITS, "seed " + seed + ": "
                    + viaDct.hamming(viaPixels) + " bits");
        }
    }

    @Test
    void luminancePlaneEntryGivesTheRgbHash() throws IOException {
        for (PdqImages.RgbImage image : images()) {
            int w = image.width();
            int h = image.height();
            float[] plane = PdqHasher.luminance(image.pixels(), w, h);
            PdqResult rgb = PdqImages.hash(image);
            PdqResult luma = HASHER.hashLuma(plane, w, h);
            assertEquals(rgb.hash(), luma.hash());
            assertEquals(rgb.quality(), luma.quality());
            Region r = new Region(w / 20, h / 25, w - w / 20 - w / 33, h - h / 25 - h / 50);
            PdqResult rgbRegion = HASHER.hashRgb(cut(image, r), r.width(), r.height());
            PdqResult lumaRegion = HASHER.hashLuma(plane, w, r.x0(), r.y0(), r.width(), r.height());
            assertEquals(rgbRegion.hash(), lumaRegion.hash(), "region of " + w + "x" + h);
            assertEquals(rgbRegion.quality(), lumaRegion.quality());
            assertTrue(rgbRegion.hash().hamming(rgb.hash()) > 0, "the region test must not compare the whole image");
        }
    }

    @Test
    void viewsDescribeTheirFractions() {
        assertEquals("crop l0% t1.25% r2.5% b5%", new CropHashes.Crop(0, 0.0125, 0.025, 0.05, null).describe());
        assertEquals("crop l1% t3.75% r0.1% b4%", new CropHashes.Crop(0.01, 0.0375, 0.001, 0.04, null).describe());
    }
}
