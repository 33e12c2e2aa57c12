package org.takedown.pdq;

import java.util.Random;

/**
 * Photo-like test pixels without java.awt: smooth colour gradients, overlapping discs with hard edges and mild
 * noise, enough structure for PDQ quality 100. The same pixels as matching's {@code PdqBench.syntheticPhoto}
 * (which draws them into a BufferedImage for its JPEG benchmarks).
 */
final class SyntheticPhotos {

    private SyntheticPhotos() {
    }

    /** Packed {@code 0xRRGGBB} pixels, row-major. */
    static int[] rgb(int width, int height, long seed) {
        Random random = new Random(seed);
        double[][] discs = new double[40][];
        for (int i = 0; i < discs.length; i++) {
            discs[i] = new double[] {random.nextDouble() * width, random.nextDouble() * height,
                (0.03 + random.nextDouble() * 0.15) * Math.min(width, height), random.nextInt(0xffffff)};
        }
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (int) (127 + 100 * Math.sin(x * 0.01 + y * 0.003));
                int g = (int) (127 + 100 * Math.cos(y * 0.008));
                int b = (int) (127 + 100 * Math.sin((x + y) * 0.005));
                for (double[] d : discs) {
                    double dx = x - d[0];
                    double dy = y - d[1];
                    if (dx * dx + dy * dy < d[2] * d[2]) {
                        int c = (int) d[3];
                        r = (r + (c >> 16 & 0xff)) / 2;
                        g = (g + (c >> 8 & 0xff)) / 2;
                        b = (b + (c & 0xff)) / 2;
                    }
                }
                int noise = random.nextInt(9) - 4;
                pixels[y * width + x] = clamp(r + noise) << 16 | clamp(g + noise) << 8 | clamp(b + noise);
            }
        }
        return pixels;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
