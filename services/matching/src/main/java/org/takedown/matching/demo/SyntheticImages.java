package org.takedown.matching.demo;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Synthetic pictures for demo data sets and tests (no real people's images needed): a gradient
 * sky, random blobs, polygons and stripes, different for every seed; and the transformations a
 * data set copy typically went through (resize, crop, flip, JPEG re-compression).
 */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    /** A picture determined by {@code seed}. */
    public static BufferedImage picture(long seed, int width, int height) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, color(random), random.nextInt(width), height, color(random)));
            g.fillRect(0, 0, width, height);
            int shapes = 12 + random.nextInt(12);
            for (int i = 0; i < shapes; i++) {
                g.setColor(color(random));
                double x = random.nextDouble(-0.2, 1.0) * width;
                double y = random.nextDouble(-0.2, 1.0) * height;
                double w = random.nextDouble(0.05, 0.5) * width;
                double h = random.nextDouble(0.05, 0.5) * height;
                switch (random.nextInt(3)) {
                    case 0 -> g.fill(new Ellipse2D.Double(x, y, w, h));
                    case 1 -> {
                        Path2D.Double p = new Path2D.Double();
                        p.moveTo(x, y);
                        for (int k = 0; k < 3 + random.nextInt(3); k++) {
                            p.lineTo(x + random.nextDouble() * w, y + random.nextDouble() * h);
                        }
                        p.closePath();
                        g.fill(p);
                    }
                    default -> {
                        g.setStroke(new java.awt.BasicStroke((float) (2 + random.nextDouble() * width / 40.0)));
                        g.drawLine((int) x, (int) y, (int) (x + w), (int) (y + h));
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Color color(SplittableRandom random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    /** Scaled to {@code width x height} with bilinear interpolation (as most resizers do). */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Cuts the given fractions (0..0.5) off each side. */
    public static BufferedImage crop(BufferedImage image, double left, double top, double right, double bottom) {
        int x0 = (int) Math.round(image.getWidth() * left);
        int y0 = (int) Math.round(image.getHeight() * top);
        int x1 = image.getWidth() - (int) Math.round(image.getWidth() * right);
        int y1 = image.getHeight() - (int) Math.round(image.getHeight() * bottom);
        BufferedImage out = new BufferedImage(x1 - x0, y1 - y0, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, x1 - x0, y1 - y0, x0, y0, x1, y1, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Mirrored left to right. */
    public static BufferedImage flipHorizontally(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(w - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }

    /** JPEG bytes at {@code quality} (0..1). */
    public static byte[] jpeg(BufferedImage image, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(toRgb(image), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** PNG bytes (lossless). */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
