package org.takedown.pdq;


/**
 * Test oracle: the reference's downsampling written the plain way - full-size buffers, one line at
 * a time, the four phases of the reference's box filter spelled out - with no attempt at speed.
 * {@link Downsampler} must produce bit-identical output.
 */
final class ReferenceModel {

    private ReferenceModel() {
    }

    static float[] luma(int[] rgb, int width, int height) {
        float[] luma = new float[width * height];
        for (int i = 0; i < width * height; i++) {
            int p = rgb[i];
            luma[i] = 0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
        }
        return luma;
    }

    /** Blurs {@code a} in place (two X,Y rounds) and returns the 64x64 point samples. */
    static float[] downsample(float[] a, int width, int height) {
        int wRows = (width + 127) / 128;
        int wCols = (height + 127) / 128;
        float[] b = new float[width * height];
        for (int round = 0; round < 2; round++) {
            for (int y = 0; y < height; y++) {
                box(a, y * width, b, width, 1, wRows);
            }
            for (int x = 0; x < width; x++) {
                box(b, x, a, height, width, wCols);
            }
        }
        float[] out = new float[64 * 64];
        for (int i = 0; i < 64; i++) {
            int y = (int) (((i + 0.5) * height) / 64);
            for (int j = 0; j < 64; j++) {
                int x = (int) (((j + 0.5) * width) / 64);
                out[i * 64 + j] = a[y * width + x];
            }
        }
        return out;
    }

    /** Moving average along one line starting at {@code start}, {@code stride} apart. */
    private static void box(float[] in, int start, float[] out, int n, int stride, int window) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = n - window;
        int phase4 = half - 1;
        int read = start;
        int drop = start;
        int write = start;
        float sum = 0f;
        int size = 0;
        for (int i = 0; i < phase1; i++, read += stride) {
            sum += in[read];
            size++;
        }
        for (int i = 0; i < phase2; i++, read += stride, write += stride) {
            sum += in[read];
            size++;
            out[write] = sum / size;
        }
        for (int i = 0; i < phase3; i++, read += stride, drop += stride, write += stride) {
            sum += in[read];
            sum -= in[drop];
            out[write] = sum / size;
        }
        for (int i = 0; i < phase4; i++, drop += stride, write += stride) {
            sum -= in[drop];
            size--;
            out[write] = sum / size;
        }
    }
}
