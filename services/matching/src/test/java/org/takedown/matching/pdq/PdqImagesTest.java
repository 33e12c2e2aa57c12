package org.takedown.matching.pdq;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.pdq.PdqHasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PdqImagesTest {

    private static final PdqHasher HASHER = new PdqHasher();
    private static final int W = 160;
    private static final int H = 120;

    /** A smooth greyscale test pattern with full range, as 8-bit values. */
    private static int[] greyPattern() {
        int[] v = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                v[y * W + x] = (int) (127.5 + 127.5 * Math.sin(x * 0.09) * Math.cos(y * 0.07 + x * 0.01));
            }
        }
        return v;
    }

    private static int[] greyToRgb(int[] grey) {
        int[] rgb = new int[grey.length];
        for (int i = 0; i < grey.length; i++) {
            rgb[i] = grey[i] << 16 | grey[i] << 8 | grey[i];
        }
        return rgb;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no " + format + " writer for this image type");
        return out.toByteArray();
    }

    /** Greyscale PNG with 8 or 16 bits, optionally with an alpha channel. */
    private static BufferedImage greyImage(int[] grey8, int bits, boolean alpha) {
        int type = bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                alpha, false, alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, type);
        WritableRaster raster = cm.createCompatibleWritableRaster(W, H);
        for (int i = 0; i < grey8.length; i++) {
            int v = bits == 16 ? grey8[i] * 257 : grey8[i];
            raster.setSample(i % W, i / W, 0, v);
            if (alpha) {
                raster.setSample(i % W, i / W, 1, (i * 7) % (bits == 16 ? 65536 : 256));
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** Java's getRGB would gamma-encode these; we must hand over the stored grey values. */
    @Test
    void greyPngKeepsStoredValues() throws IOException {
        int[] grey = greyPattern();
        PdqImages.RgbImage decoded = PdqImages.read(encode(greyImage(grey, 8, false), "png"));
        assertArrayEquals(greyToRgb(grey), decoded.pixels());
    }

    @Test
    void greyAlphaPngDropsAlpha() throws IOException {
        int[] grey = greyPattern();
        PdqImages.RgbImage decoded = PdqImages.read(encode(greyImage(grey, 8, true), "png"));
        assertArrayEquals(greyToRgb(grey), decoded.pixels());
    }

    /** A 16-bit copy of an image hashes exactly like the 8-bit original. */
    @Test
    void sixteenBitGreyIsRescaled() throws IOException {
        int[] grey = greyPattern();
        byte[] png16 = encode(greyImage(grey, 16, false), "png");
        PdqImages.RgbImage decoded = PdqImages.read(png16);
        assertArrayEquals(greyToRgb(grey), decoded.pixels());
        assertEquals(HASHER.hashRgb(greyToRgb(grey), W, H).hash(), PdqImages.hash(decoded).hash());

        PdqImages.RgbImage withAlpha = PdqImages.read(encode(greyImage(grey, 16, true), "png"));
        assertArrayEquals(greyToRgb(grey), withAlpha.pixels());
    }

    /** PIL clamps 16-bit grey to 255 on conversion; the compatibility mode does the same. */
    @Test
    void pilCompatibleModeClampsSixteenBitGrey() throws IOException {
        int[] grey = greyPattern();
        PdqImages.RgbImage decoded = PdqImages.read(encode(greyImage(grey, 16, false), "png"),
                PdqImages.Decoding.PIL_COMPATIBLE);
        int[] expected = new int[grey.length];
        for (int i = 0; i < grey.length; i++) {
            expected[i] = Math.min(grey[i] * 257, 255);
        }
        assertArrayEquals(greyToRgb(expected), decoded.pixels());
    }

    @Test
    void eightBitImagesDecodeTheSameInBothModes() throws IOException {
        byte[] png = encode(greyImage(greyPattern(), 8, true), "png");
        assertArrayEquals(PdqImages.read(png).pixels(),
                PdqImages.read(png, PdqImages.Decoding.PIL_COMPATIBLE).pixels());
    }

    @Test
    void sixteenBitRgbIsRescaled() throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(W, H);
        int[] expected = new int[W * H];
        for (int i = 0; i < expected.length; i++) {
            int r = i % 256;
            int g = (i / 7) % 256;
            int b = 255 - r;
            raster.setPixel(i % W, i / W, new int[] {r * 257, g * 257, b * 257});
            expected[i] = r << 16 | g << 8 | b;
        }
        byte[] png = encode(new BufferedImage(cm, raster, false, null), "png");
        assertArrayEquals(expected, PdqImages.read(png).pixels());
    }

    @Test
    void rgbaPngIgnoresAlpha() throws IOException {
        int[] rgb = greyToRgb(greyPattern());
        BufferedImage argb = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < rgb.length; i++) {
            argb.setRGB(i % W, i / W, ((i % 255) + 1) << 24 | rgb[i]); // never fully transparent
        }
        PdqImages.RgbImage decoded = PdqImages.read(encode(argb, "png"));
        assertArrayEquals(rgb, decoded.pixels());
    }

    @Test
    void palettePngUsesPaletteColours() throws IOException {
        byte[] r = new byte[16];
        byte[] g = new byte[16];
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) (i * 17);
            g[i] = (byte) (255 - i * 17);
            b[i] = (byte) (i * 5);
        }
        IndexColorModel icm = new IndexColorModel(4, 16, r, g, b);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY, icm);
        int[] expected = new int[W * H];
        for (int i = 0; i < expected.length; i++) {
            int index = (i / 3) % 16;
            img.getRaster().setSample(i % W, i / W, 0, index);
            expected[i] = (r[index] & 0xff) << 16 | (g[index] & 0xff) << 8 | (b[index] & 0xff);
        }
        assertArrayEquals(expected, PdqImages.read(encode(img, "png")).pixels());
        assertArrayEquals(expected, PdqImages.read(encode(img, "gif")).pixels());
    }

    @Test
    void bmpAndJpegDecode() throws IOException {
        BufferedImage img = PdqBench.syntheticPhoto(W, H, 11);
        int[] rgb = img.getRGB(0, 0, W, H, null, 0, W);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xffffff;
        }
        assertArrayEquals(rgb, PdqImages.read(encode(img, "bmp")).pixels());

        PdqImages.RgbImage jpeg = PdqImages.read(PdqBench.encodeJpeg(img, 0.95f));
        assertEquals(W, jpeg.width());
        assertEquals(H, jpeg.height());
        // Lossy, but perceptually the same picture.
        int bits = HASHER.hashRgb(rgb, W, H).hash().hamming(PdqImages.hash(jpeg).hash());
        assertTrue(bits <= 16, bits + " bits between PNG-exact and JPEG copies");
    }

    @Test
    void greyJpegKeepsStoredValues() throws IOException {
        int[] grey = greyPattern();
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, W, H, 0, grey);
        PdqImages.RgbImage decoded = PdqImages.read(PdqBench.encodeJpeg(img, 1.0f));
        // Quality-100 JPEG of a smooth pattern: within a level or two, but never gamma-shifted.
        for (int i = 0; i < grey.length; i++) {
            int v = decoded.pixels()[i] & 0xff;
            assertTrue(Math.abs(v - grey[i]) <= 3, "pixel " + i + ": " + v + " vs " + grey[i]);
        }
    }

    @Test
    void fileAndByteEntryPointsAgree(@TempDir Path dir) throws IOException {
        byte[] png = encode(PdqBench.syntheticPhoto(W, H, 12), "png");
        Path file = dir.resolve("x.png");
        Files.write(file, png);
        assertArrayEquals(PdqImages.read(png).pixels(), PdqImages.read(file).pixels());
    }

    @Test
    void rejectsGarbageAndOversizedImages() throws IOException {
        assertThrows(IOException.class, () -> PdqImages.read(new byte[] {1, 2, 3, 4, 5}));
        assertThrows(IOException.class, () -> PdqImages.read(new byte[0]));
        byte[] png = encode(PdqBench.syntheticPhoto(W, H, 13), "png");
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);
        assertThrows(IOException.class, () -> PdqImages.read(truncated));
        IOException tooBig = assertThrows(IOException.class, () -> PdqImages.read(
                new ByteArrayInputStream(png), W * H - 1, PdqImages.Decoding.STANDARD, "big.png"));
        assertTrue(tooBig.getMessage().contains("too large"), tooBig.getMessage());
    }

    /** A 4-component JPEG decodes as CMYK in Java 17; we refuse it rather than guess colours. */
    @Test
    void cmykJpegIsRefused() throws IOException {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                cmyk.setPixel(x, y, new int[] {x * 8, y * 8, 128, 20});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        IOException e = assertThrows(IOException.class, () -> PdqImages.read(bytes.toByteArray()));
        assertTrue(e.getMessage().contains("CMYK"), e.getMessage());
    }

    @Test
    void subImagesAreReadFromTheirOwnOrigin() {
        BufferedImage img = PdqBench.syntheticPhoto(W, H, 14);
        BufferedImage sub = img.getSubimage(10, 20, 50, 40);
        int[] expected = sub.getRGB(0, 0, 50, 40, null, 0, 50);
        for (int i = 0; i < expected.length; i++) {
            expected[i] &= 0xffffff;
        }
        assertArrayEquals(expected, PdqImages.toRgb(sub));
    }
}
