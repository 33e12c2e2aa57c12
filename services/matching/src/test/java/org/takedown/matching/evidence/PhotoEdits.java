package org.takedown.matching.evidence;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.takedown.matching.pdq.PdqImages;

/**
 * The edits a photo undergoes on its way into a data set or into a claimant's hands, made the way
 * the tools make them: img2dataset's {@code resize_mode}s at an {@code image_size} (keep_ratio: the
 * smaller side becomes the size; center_crop: then the middle square; border: the larger side
 * becomes the size and the rest is padded with a constant colour), all resampling by area
 * averaging as OpenCV's INTER_AREA does when shrinking, and JPEG at quality 95 (img2dataset's
 * default {@code encode_quality}); hand crops, letterbox bars, a stock-photo watermark, greyscale.
 */
public final class PhotoEdits {

    private PhotoEdits() {
    }

    /** A named edit; {@code apply} returns the encoded file as the data set or the claimant holds it. */
    public record Edit(String name, UnaryOperator<PdqImages.RgbImage> pixels, float jpegQuality) {
        public byte[] apply(PdqImages.RgbImage image) {
            return jpeg(pixels.apply(image), jpegQuality);
        }
    }

    /** The edits of the robustness table, in its order; {@code seed} picks which sides the random crops cut. */
    public static List<Edit> all(long seed) {
        return List.of(
                new Edit("keep_ratio 256", i -> keepRatio(i, 256), 0.95f),
                new Edit("keep_ratio 512", i -> keepRatio(i, 512), 0.95f),
                new Edit("border 256 white", i -> border(i, 256, 0xFFFFFF), 0.95f),
                new Edit("border 256 black", i -> border(i, 256, 0x000000), 0.95f),
                new Edit("border 512 black", i -> border(i, 512, 0x000000), 0.95f),
                new Edit("center_crop 256", i -> centerCrop(i, 256), 0.95f),
                new Edit("center_crop 512", i -> centerCrop(i, 512), 0.95f),
                new Edit("gray", i -> gray(keepRatio(i, 256)), 0.95f),
                new Edit("watermark", i -> watermark(keepRatio(i, 512)), 0.95f),
                new Edit("JPEG quality 50", i -> keepRatio(i, 256), 0.50f),
                new Edit("crop 5% every side", i -> keepRatio(crop(i, 0.05, 0.05, 0.05, 0.05), 256), 0.95f),
                new Edit("crop 10% off two sides", i -> keepRatio(twoSides(i, 0.10, seed), 256), 0.95f),
                new Edit("crop 20% off one side", i -> keepRatio(oneSide(i, 0.20, seed), 256), 0.95f),
                new Edit("crop 30% in total", i -> keepRatio(spread(i, 0.30, seed), 256), 0.95f),
                new Edit("letterbox", i -> keepRatio(letterbox(i), 512), 0.95f));
    }

    public static Edit named(String name) {
        return all(1).stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no edit " + name));
    }

    /** img2dataset keep_ratio: the smaller side becomes {@code size} (never enlarged here). */
    public static PdqImages.RgbImage keepRatio(PdqImages.RgbImage image, int size) {
        double scale = Math.min(1.0, (double) size / Math.min(image.width(), image.height()));
        return resize(image, Math.max(1, (int) Math.round(image.width() * scale)),
                Math.max(1, (int) Math.round(image.height() * scale)));
    }

    /** img2dataset center_crop: keep_ratio to {@code size}, then the middle {@code size x size}. */
    public static PdqImages.RgbImage centerCrop(PdqImages.RgbImage image, int size) {
        PdqImages.RgbImage r = keepRatio(image, size);
        int side = Math.min(r.width(), r.height());
        return cut(r, (r.width() - side) / 2, (r.height() - side) / 2, side, side);
    }

    /** img2dataset border: the larger side becomes {@code size}, then padded to a square of {@code colour}, the image centred. */
    public static PdqImages.RgbImage border(PdqImages.RgbImage image, int size, int colour) {
        double scale = Math.min(1.0, (double) size / Math.max(image.width(), image.height()));
        PdqImages.RgbImage r = resize(image, Math.max(1, (int) Math.round(image.width() * scale)),
                Math.max(1, (int) Math.round(image.height() * scale)));
        int side = Math.max(r.width(), r.height());
        return pad(r, side, side, colour);
    }

    /** Black bars added to make a 16:9 frame (or 4:3 for a photo wider than 16:9), as a video still or screenshot. */
    public static PdqImages.RgbImage letterbox(PdqImages.RgbImage image) {
        double ratio = (double) image.width() / image.height();
        double frame = ratio < 16.0 / 9 ? 16.0 / 9 : 4.0 / 3;
        if (ratio < frame) {
            return pad(image, (int) Math.round(image.height() * frame), image.height(), 0);
        }
        return pad(image, image.width(), (int) Math.round(image.width() / frame), 0);
    }

    /** Cuts the given shares off left, top, right and bottom. */
    public static PdqImages.RgbImage crop(PdqImages.RgbImage image, double l, double t, double r, double b) {
        int w = image.width();
        int h = image.height();
        int x0 = (int) Math.round(w * l);
        int y0 = (int) Math.round(h * t);
        return cut(image, x0, y0, w - (int) Math.round(w * r) - x0, h - (int) Math.round(h * b) - y0);
    }

    /** {@code share} off each of two sides, which two chosen at random (adjacent or opposite) per image. */
    static PdqImages.RgbImage twoSides(PdqImages.RgbImage image, double share, long seed) {
        Random random = random(image, seed);
        int a = random.nextInt(4);
        int b = (a + 1 + random.nextInt(3)) % 4;
        double[] s = new double[4];
        s[a] = share;
        s[b] = share;
        return crop(image, s[0], s[1], s[2], s[3]);
    }

    static PdqImages.RgbImage oneSide(PdqImages.RgbImage image, double share, long seed) {
        double[] s = new double[4];
        s[random(image, seed).nextInt(4)] = share;
        return crop(image, s[0], s[1], s[2], s[3]);
    }

    /** {@code total} of the width and height together cut off, split at random over the four sides. */
    static PdqImages.RgbImage spread(PdqImages.RgbImage image, double total, long seed) {
        Random random = random(image, seed);
        double[] weights = new double[4];
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            weights[i] = -Math.log(1 - random.nextDouble());
            sum += weights[i];
        }
        double[] s = new double[4];
        for (int i = 0; i < 4; i++) {
            s[i] = total * weights[i] / sum; // left + top + right + bottom = total
        }
        return crop(image, s[0], s[1], s[2], s[3]);
    }

    private static Random random(PdqImages.RgbImage image, long seed) {
        return new Random(seed * 31 + image.width() * 7919L + image.height() + image.pixels()[image.pixels().length / 2]);
    }

    /** Greyscale (ITU-R 601 luma in all three channels). */
    public static PdqImages.RgbImage gray(PdqImages.RgbImage image) {
        int[] out = image.pixels().clone();
        for (int i = 0; i < out.length; i++) {
            int p = out[i];
            int y = (int) Math.round(0.299 * ((p >>> 16) & 0xFF) + 0.587 * ((p >>> 8) & 0xFF) + 0.114 * (p & 0xFF));
            out[i] = y << 16 | y << 8 | y;
        }
        return new PdqImages.RgbImage(out, image.width(), image.height());
    }

    /** A stock-photo watermark: a large half-transparent white word across the middle and a small mark in a corner. */
    public static PdqImages.RgbImage watermark(PdqImages.RgbImage image) {
        BufferedImage b = buffered(image);
        Graphics2D g = b.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
        g.setColor(Color.WHITE);
        int w = b.getWidth();
        int h = b.getHeight();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, w / 9)));
        String mark = "© stockphoto";
        int textWidth = g.getFontMetrics().stringWidth(mark);
        g.drawString(mark, (w - textWidth) / 2, h / 2 + g.getFontMetrics().getAscent() / 3);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, w / 40)));
        g.drawString("stockphoto.example  #" + (w * 31 + h), w / 50, h - h / 40);
        g.dispose();
        return rgb(b);
    }

    /** Area-average resampling (OpenCV's INTER_AREA for shrinking), separable, with fractional pixel weights. */
    public static PdqImages.RgbImage resize(PdqImages.RgbImage image, int ow, int oh) {
        int w = image.width();
        int h = image.height();
        if (ow == w && oh == h) {
            return image;
        }
        float[][] rows = new float[3][ow * h];
        int[] px = image.pixels();
        double sx = (double) w / ow;
        for (int ox = 0; ox < ow; ox++) {
            double from = ox * sx;
            double to = from + sx;
            for (int x = (int) from; x < Math.min(w, (int) Math.ceil(to)); x++) {
                float weight = (float) ((Math.min(to, x + 1) - Math.max(from, x)) / sx);
                for (int y = 0; y < h; y++) {
                    int p = px[y * w + x];
                    int o = y * ow + ox;
                    rows[0][o] += weight * ((p >>> 16) & 0xFF);
                    rows[1][o] += weight * ((p >>> 8) & 0xFF);
                    rows[2][o] += weight * (p & 0xFF);
                }
            }
        }
        int[] out = new int[ow * oh];
        float[][] acc = new float[3][ow];
        double sy = (double) h / oh;
        for (int oy = 0; oy < oh; oy++) {
            double from = oy * sy;
            double to = from + sy;
            for (float[] a : acc) {
                java.util.Arrays.fill(a, 0f);
            }
            for (int y = (int) from; y < Math.min(h, (int) Math.ceil(to)); y++) {
                float weight = (float) ((Math.min(to, y + 1) - Math.max(from, y)) / sy);
                for (int c = 0; c < 3; c++) {
                    float[] a = acc[c];
                    float[] r = rows[c];
                    int base = y * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        a[ox] += weight * r[base + ox];
                    }
                }
            }
            for (int ox = 0; ox < ow; ox++) {
                out[oy * ow + ox] = clamp(acc[0][ox]) << 16 | clamp(acc[1][ox]) << 8 | clamp(acc[2][ox]);
            }
        }
        return new PdqImages.RgbImage(out, ow, oh);
    }

    /** Shrinks so that the long side is at most {@code maxSide}. */
    public static PdqImages.RgbImage fit(PdqImages.RgbImage image, int maxSide) {
        int longSide = Math.max(image.width(), image.height());
        if (longSide <= maxSide) {
            return image;
        }
        double scale = (double) maxSide / longSide;
        return resize(image, Math.max(1, (int) Math.round(image.width() * scale)), Math.max(1, (int) Math.round(image.height() * scale)));
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    static PdqImages.RgbImage cut(PdqImages.RgbImage image, int x0, int y0, int cw, int ch) {
        int[] out = new int[cw * ch];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(image.pixels(), (y0 + y) * image.width() + x0, out, y * cw, cw);
        }
        return new PdqImages.RgbImage(out, cw, ch);
    }

    static PdqImages.RgbImage pad(PdqImages.RgbImage image, int pw, int ph, int colour) {
        int[] out = new int[pw * ph];
        java.util.Arrays.fill(out, colour);
        int x0 = (pw - image.width()) / 2;
        int y0 = (ph - image.height()) / 2;
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(image.pixels(), y * image.width(), out, (y0 + y) * pw + x0, image.width());
        }
        return new PdqImages.RgbImage(out, pw, ph);
    }

    public static byte[] jpeg(PdqImages.RgbImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(buffered(image), null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage buffered(PdqImages.RgbImage image) {
        BufferedImage b = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        b.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
        return b;
    }

    private static PdqImages.RgbImage rgb(BufferedImage b) {
        return new PdqImages.RgbImage(b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()), b.getWidth(), b.getHeight());
    }
}
