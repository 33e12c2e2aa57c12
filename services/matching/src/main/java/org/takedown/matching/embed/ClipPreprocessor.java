package org.takedown.matching.embed;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * CLIP's image preprocessing, as in OpenAI's and OpenCLIP's {@code transform}: resize so the
 * shorter side is {@code size} (bicubic; large images are first halved step by step so downscaling
 * averages instead of skipping pixels, like PIL's antialiased resize), center crop
 * {@code size x size}, scale to [0, 1], normalise each channel with {@code (x - mean) / std}, and lay
 * out as one NCHW tensor {@code [1, 3, size, size]} (channels R, G, B).
 */
public final class ClipPreprocessor {

    /** OpenAI CLIP's normalisation (also OpenCLIP's default for the OpenAI-pretrained models). */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private final int size;
    private final float[] mean;
    private final float[] std;

    public ClipPreprocessor(int size, float[] mean, float[] std) {
        if (size < 1 || size > 4096) {
            throw new IllegalArgumentException("input size " + size + " is not in 1..4096");
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each (R, G, B)");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive");
            }
        }
        this.size = size;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    public int size() {
        return size;
    }

    /** The model input for {@code image}: {@code 3 * size * size} floats, channel-major. */
    public float[] tensor(BufferedImage image) {
        BufferedImage square = centerCrop(resizeShorterSide(image, size), size);
        int[] rgb = square.getRGB(0, 0, size, size, null, 0, size);
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out[i] = (((p >> 16) & 0xff) / 255f - mean[0]) / std[0];
            out[plane + i] = (((p >> 8) & 0xff) / 255f - mean[1]) / std[1];
            out[2 * plane + i] = ((p & 0xff) / 255f - mean[2]) / std[2];
        }
        return out;
    }

    /** Scaled so that the shorter side is {@code target}, keeping the aspect ratio (rounded). */
    static BufferedImage resizeShorterSide(BufferedImage image, int target) {
        int w = image.getWidth();
        int h = image.getHeight();
        int outW = w <= h ? target : Math.max(1, (int) Math.round((double) w * target / h));
        int outH = w <= h ? Math.max(1, (int) Math.round((double) h * target / w)) : target;
        BufferedImage current = toRgb(image);
        // Halve while more than twice too large: bicubic on its own would skip pixels (aliasing).
        while (current.getWidth() >= 2 * outW && current.getHeight() >= 2 * outH) {
            current = scale(current, current.getWidth() / 2, current.getHeight() / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() == outW && current.getHeight() == outH) {
            return current;
        }
        return scale(current, outW, outH, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }

    /** The centered {@code target x target} square (both sides are at least {@code target}). */
    static BufferedImage centerCrop(BufferedImage image, int target) {
        int x = (image.getWidth() - target) / 2;
        int y = (image.getHeight() - target) / 2;
        return image.getSubimage(x, y, target, target);
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, java.awt.Color.WHITE, null); // transparency over white, like PIL's convert("RGB") of a flattened image
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static BufferedImage scale(BufferedImage image, int w, int h, Object interpolation) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
