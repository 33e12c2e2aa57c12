package org.takedown.matching.pdq;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.takedown.pdq.PdqHasher;
import org.takedown.pdq.PdqResult;

/**
 * Decodes image files with {@code javax.imageio} into the packed-RGB form {@link PdqHasher} takes.
 *
 * <p>The point is to hand the hasher the same sample values that the reference's decoders (CImg /
 * libjpeg / libpng, or PIL in python-threatexchange) produce, so sample values are read from the
 * raster directly wherever Java would otherwise "help":
 *
 * <ul>
 *   <li>Greyscale (with or without alpha): {@code BufferedImage.getRGB} treats Java's grey colour
 *       space as <em>linear</em> and gamma-encodes it on the way to sRGB, brightening mid-greys by
 *       up to ~50 levels. Other decoders replicate the stored grey value into R, G and B; so do we.
 *   <li>Embedded ICC profiles are ignored (raw samples), like libjpeg/libpng without colour
 *       management.
 *   <li>16-bit samples are reduced to 8 bits by rounding {@code v * 255 / 65535} - unless
 *       {@link Decoding#PIL_COMPATIBLE} asks for what python-threatexchange's PIL path does.
 *   <li>Alpha is dropped, not composited: the reference hashes the colour channels as stored.
 *   <li>Palette and packed-bit images go through their colour model (the palette is sRGB).
 * </ul>
 *
 * <p>EXIF orientation is deliberately ignored: the reference hashes the stored pixel grid, and the
 * dihedral variants in {@link PdqResult} cover rotated copies anyway.
 *
 * <p>CMYK (and YCCK) images are refused. As far as their code shows, the reference tools pass the
 * first three channels (C, M, Y) to PDQ as if they were R, G, B - roughly a negative, whose hash
 * matches nothing - while converting to RGB here would match neither them nor, reliably, the RGB
 * original (the result depends on ICC handling).
 * Better an explicit error the caller can count than a silently useless hash.
 */
public final class PdqImages {

    /**
     * Default cap on decoded pixels (width x height), checked from the header before decoding so a
     * small file claiming huge dimensions cannot exhaust the heap. 100 MP is ~400 MB as packed RGB.
     */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private PdqImages() {
    }

    /**
     * How to turn decoded samples into 8-bit RGB where decoders disagree. Only high-bit-depth
     * images are affected; for 8-bit images both give identical pixels.
     */
    public enum Decoding {
        /** Rescale wider samples to 8 bits with rounding, so a 16-bit copy of an image hashes like the 8-bit original. */
        STANDARD,
        /**
         * Reproduce python-threatexchange / PIL: 16-bit greyscale is <em>clamped</em> to 255 (PIL's
         * {@code I;16 -> L/RGB} conversion), 16-bit colour keeps the high byte. Clamping turns most
         * 16-bit greys white, so use this only to match hashes produced by that tool.
         */
        PIL_COMPATIBLE
    }

    /** Row-major packed {@code 0x00RRGGBB} pixels. */
    private static final PdqHasher HASHER = new PdqHasher();

    /** The PDQ hash of a decoded image (the shared hasher works on pixel arrays; decoding is ours). */
    public static PdqResult hash(RgbImage image) {
        return HASHER.hashRgb(image.pixels(), image.width(), image.height());
    }

    /** The PDQ hash of a decoded image, its pixels read as {@link #toRgb(BufferedImage)} reads them. */
    public static PdqResult hash(BufferedImage image) {
        return HASHER.hashRgb(toRgb(image), image.getWidth(), image.getHeight());
    }

    public record RgbImage(int[] pixels, int width, int height) {
        public RgbImage {
            Objects.requireNonNull(pixels, "pixels");
            if (width <= 0 || height <= 0 || (long) width * height > pixels.length) {
                throw new IllegalArgumentException("bad dimensions " + width + "x" + height
                        + " for " + pixels.length + " pixels");
            }
        }
    }

    /** Decodes a file with {@link Decoding#STANDARD} conventions. */
    public static RgbImage read(Path file) throws IOException {
        return read(file, Decoding.STANDARD);
    }

    /** Decodes a file. */
    public static RgbImage read(Path file, Decoding decoding) throws IOException {
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return toRgbImage(decode(in, DEFAULT_MAX_PIXELS, file.toString()), decoding);
        }
    }

    /** Decodes an in-memory file (JPEG, PNG, GIF, BMP, ...) with {@link Decoding#STANDARD} conventions. */
    public static RgbImage read(byte[] encoded) throws IOException {
        return read(encoded, Decoding.STANDARD);
    }

    /** Decodes an in-memory file (JPEG, PNG, GIF, BMP, ...). */
    public static RgbImage read(byte[] encoded, Decoding decoding) throws IOException {
        return read(new ByteArrayInputStream(encoded), DEFAULT_MAX_PIXELS, decoding,
                "byte[" + encoded.length + "]");
    }

    /**
     * Decodes a stream, refusing images with more than {@code maxPixels} pixels; {@code name} is
     * only used in error messages.
     */
    public static RgbImage read(InputStream in, long maxPixels, Decoding decoding, String name)
            throws IOException {
        // A memory cache, not ImageIO.createImageInputStream: that one spools streams to temp
        // files by default (a global ImageIO setting we should not flip for the whole JVM).
        try (ImageInputStream iis = new MemoryCacheImageInputStream(in)) {
            return toRgbImage(decode(iis, maxPixels, name), decoding);
        }
    }

    private static RgbImage toRgbImage(BufferedImage image, Decoding decoding) {
        return new RgbImage(toRgb(image, decoding), image.getWidth(), image.getHeight());
    }

    /** The image's header claims more pixels than allowed; nothing was decoded. */
    public static final class TooManyPixelsException extends IOException {
        TooManyPixelsException(String message) {
            super(message);
        }
    }

    /** The file is not in a format (or colour model) this class decodes. */
    public static final class UnsupportedImageException extends IOException {
        UnsupportedImageException(String message) {
            super(message);
        }
    }

    /**
     * Decodes the first image in the stream with the first ImageIO reader that accepts it, after
     * checking its header dimensions against {@code maxPixels}. The caller closes the stream.
     */
    public static BufferedImage decode(ImageInputStream iis, long maxPixels, String name) throws IOException {
        return decode(iis, maxPixels, name, false);
    }

    /**
     * As {@link #decode(ImageInputStream, long, String)}; with {@code strict}, decoder warnings
     * (ImageIO's JPEG reader only warns about a truncated file and fills the rest with grey) are
     * errors, so a damaged upload is refused instead of hashed as a different picture.
     */
    public static BufferedImage decode(ImageInputStream iis, long maxPixels, String name, boolean strict)
            throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
        if (!readers.hasNext()) {
            throw new UnsupportedImageException("unsupported or unrecognised image format: " + name);
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        try {
            reader.setInput(iis, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > maxPixels) {
                throw new TooManyPixelsException("image too large: " + reader.getWidth(0) + "x"
                        + reader.getHeight(0) + " exceeds " + maxPixels + " pixels: " + name);
            }
            BufferedImage image = reader.read(0);
            if (isCmyk(image)) {
                throw new UnsupportedImageException("CMYK images are not supported: " + name);
            }
            if (strict && !warnings.isEmpty()) {
                throw new IOException("damaged image " + name + ": " + warnings.get(0));
            }
            return image;
        } catch (RuntimeException e) {
            // ImageIO plugins signal some corrupt inputs with unchecked exceptions.
            throw new IOException("cannot decode " + name + ": " + e, e);
        } finally {
            reader.dispose();
        }
    }

    /** {@link #toRgb(BufferedImage, Decoding)} with {@link Decoding#STANDARD}. */
    public static int[] toRgb(BufferedImage image) {
        return toRgb(image, Decoding.STANDARD);
    }

    /**
     * Packed {@code 0x00RRGGBB} samples of a decoded image, row-major, with the conventions listed
     * in the class comment.
     */
    public static int[] toRgb(BufferedImage image, Decoding decoding) {
        if (isCmyk(image)) {
            throw new IllegalArgumentException("CMYK images are not supported");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();

        // Fast paths for what the JPEG and PNG readers produce for 8-bit colour.
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_4BYTE_ABGR) {
            return fromInterleavedBytes(raster, w, h);
        }
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB) {
            return fromPackedInts(raster, w, h);
        }
        if (cm instanceof ComponentColorModel) {
            int colours = cm.getNumColorComponents();
            int type = cm.getColorSpace().getType();
            if (colours == 1 && type == ColorSpace.TYPE_GRAY) {
                return fromComponents(raster, w, h, cm.getComponentSize(0), true, decoding);
            }
            if (colours == 3 && type == ColorSpace.TYPE_RGB) {
                return fromComponents(raster, w, h, cm.getComponentSize(0), false, decoding);
            }
        }
        // Palettes, packed bits, anything exotic: let the colour model convert to sRGB.
        int[] out = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xffffff;
        }
        return out;
    }

    private static boolean isCmyk(BufferedImage image) {
        int type = image.getColorModel().getColorSpace().getType();
        return type == ColorSpace.TYPE_CMYK || type == ColorSpace.TYPE_CMY;
    }

    /** Byte-interleaved rasters (B,G,R or A,B,G,R per pixel, as the band offsets say). */
    private static int[] fromInterleavedBytes(Raster raster, int w, int h) {
        ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        int[] offsets = sm.getBandOffsets();
        int pixelStride = sm.getPixelStride();
        int scanStride = sm.getScanlineStride();
        int base = baseOffset(raster, pixelStride, scanStride);
        int rOff = offsets[0];
        int gOff = offsets[1];
        int bOff = offsets[2];
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int p = base + y * scanStride;
            int o = y * w;
            for (int x = 0; x < w; x++, p += pixelStride) {
                out[o + x] = (data[p + rOff] & 0xff) << 16 | (data[p + gOff] & 0xff) << 8 | (data[p + bOff] & 0xff);
            }
        }
        return out;
    }

    private static int[] fromPackedInts(Raster raster, int w, int h) {
        SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) raster.getSampleModel();
        int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
        int scanStride = sm.getScanlineStride();
        int base = baseOffset(raster, 1, scanStride);
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(data, base + y * scanStride, out, y * w, w);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xffffff;
        }
        return out;
    }

    /** Offset of pixel (0,0) in the data buffer, allowing for sub-rasters. */
    private static int baseOffset(Raster raster, int pixelStride, int scanStride) {
        int tx = raster.getMinX() - raster.getSampleModelTranslateX();
        int ty = raster.getMinY() - raster.getSampleModelTranslateY();
        return raster.getDataBuffer().getOffset() + ty * scanStride + tx * pixelStride;
    }

    /** Generic sample reader for grey(+alpha) and RGB(+alpha) of any bit depth up to 16. */
    private static int[] fromComponents(Raster raster, int w, int h, int bits, boolean grey,
                                        Decoding decoding) {
        int[] out = new int[w * h];
        int[] r = new int[w];
        int[] g = grey ? r : new int[w];
        int[] b = grey ? r : new int[w];
        int minX = raster.getMinX();
        int minY = raster.getMinY();
        for (int y = 0; y < h; y++) {
            raster.getSamples(minX, minY + y, w, 1, 0, r);
            if (!grey) {
                raster.getSamples(minX, minY + y, w, 1, 1, g);
                raster.getSamples(minX, minY + y, w, 1, 2, b);
            }
            for (int x = 0; x < w; x++) {
                out[y * w + x] = to8Bit(r[x], bits, grey, decoding) << 16
                        | to8Bit(g[x], bits, grey, decoding) << 8
                        | to8Bit(b[x], bits, grey, decoding);
            }
        }
        return out;
    }

    /** Maps an unsigned sample of {@code bits} bits (1..16) to 0..255. */
    static int to8Bit(int sample, int bits, boolean grey, Decoding decoding) {
        if (bits == 8) {
            return sample & 0xff;
        }
        if (bits > 8 && decoding == Decoding.PIL_COMPATIBLE) {
            return grey ? Math.min(sample, 255) : sample >>> (bits - 8);
        }
        int max = (1 << bits) - 1;
        return (int) (((long) sample * 255 + max / 2) / max);
    }
}
