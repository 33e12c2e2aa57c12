package org.takedown.matching.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ClipPreprocessorTest {

    private final ClipPreprocessor clip = new ClipPreprocessor(64, ClipPreprocessor.CLIP_MEAN, ClipPreprocessor.CLIP_STD);

    @Test
    void aPlainImageBecomesItsNormalisedColourInEveryPixelChannelMajor() {
        float[] t = clip.tensor(filled(300, 200, new Color(255, 128, 0)));

        assertEquals(3 * 64 * 64, t.length);
        float r = (1f - ClipPreprocessor.CLIP_MEAN[0]) / ClipPreprocessor.CLIP_STD[0];
        float g = (128 / 255f - ClipPreprocessor.CLIP_MEAN[1]) / ClipPreprocessor.CLIP_STD[1];
        float b = (0f - ClipPreprocessor.CLIP_MEAN[2]) / ClipPreprocessor.CLIP_STD[2];
        for (int i = 0; i < 64 * 64; i++) {
            assertEquals(r, t[i], 1e-4, "R plane");
            assertEquals(g, t[64 * 64 + i], 1e-4, "G plane");
            assertEquals(b, t[2 * 64 * 64 + i], 1e-4, "B plane");
        }
    }

    @Test
    void theShorterSideIsResizedToTheInputSizeAndTheMiddleIsCut() {
        // Three vertical bands: after resizing 600x200 to 192x64, the centered 64x64 square is the green band.
        BufferedImage bands = new BufferedImage(600, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = bands.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 200, 200);
        g.setColor(Color.GREEN);
        g.fillRect(200, 0, 200, 200);
        g.setColor(Color.BLUE);
        g.fillRect(400, 0, 200, 200);
        g.dispose();

        BufferedImage resized = ClipPreprocessor.resizeShorterSide(bands, 64);
        assertEquals(192, resized.getWidth());
        assertEquals(64, resized.getHeight());
        BufferedImage square = ClipPreprocessor.centerCrop(resized, 64);
        assertEquals(64, square.getWidth());
        assertEquals(64, square.getHeight());
        for (int y = 0; y < 64; y += 7) {
            for (int x = 2; x < 62; x += 3) {
                Color c = new Color(square.getRGB(x, y));
                assertEquals(0, c.getRed(), 12, "x=" + x);
                assertEquals(255, c.getGreen(), 12, "x=" + x);
                assertEquals(0, c.getBlue(), 12, "x=" + x);
            }
        }
    }

    @Test
    void portraitImagesKeepTheirAspectRatio() {
        BufferedImage resized = ClipPreprocessor.resizeShorterSide(filled(480, 1000, Color.GRAY), 64);
        assertEquals(64, resized.getWidth());
        assertEquals(133, resized.getHeight());
        BufferedImage tiny = ClipPreprocessor.resizeShorterSide(filled(10, 20, Color.GRAY), 64);
        assertEquals(64, tiny.getWidth(), "small images are scaled up");
        assertEquals(128, tiny.getHeight());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClipPreprocessor(0, ClipPreprocessor.CLIP_MEAN, ClipPreprocessor.CLIP_STD));
        assertThrows(IllegalArgumentException.class, () -> new ClipPreprocessor(224, new float[] {0.5f}, ClipPreprocessor.CLIP_STD));
        assertThrows(IllegalArgumentException.class, () -> new ClipPreprocessor(224, ClipPreprocessor.CLIP_MEAN, new float[] {1, 0, 1}));
    }

    private static BufferedImage filled(int w, int h, Color color) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }
}
