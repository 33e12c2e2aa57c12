package org.takedown.matching.pdq;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.takedown.pdq.PdqHasher;
import org.takedown.pdq.PdqResult;

/**
 * Single-threaded micro-benchmark (a main method, deliberately not a test: timings on a shared
 * 2-core CI box are noise, and a timed assertion would be flaky).
 *
 * <p>Run after {@code mvn -o -q test-compile}:
 * <pre>
 *   java -cp target/classes:target/test-classes org.takedown.matching.pdq.PdqBench [width height seconds]
 * </pre>
 * Reports images/s for hashing already-decoded pixels and for decode + hash of a JPEG of the same
 * size. The image is synthetic (smooth gradients, shapes and noise) so JPEG decoding cost is
 * representative of a photo rather than of a flat colour.
 */
public final class PdqBench {

    private PdqBench() {
    }

    public static void main(String[] args) throws IOException {
        int width = args.length > 0 ? Integer.parseInt(args[0]) : 1280;
        int height = args.length > 1 ? Integer.parseInt(args[1]) : 800;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;

        BufferedImage image = syntheticPhoto(width, height, 42);
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        byte[] jpeg = encodeJpeg(image, 0.9f);
        PdqHasher hasher = new PdqHasher();

        System.out.printf("image %dx%d (%.2f MP), JPEG %d bytes, java %s, %d cpu(s)%n",
                width, height, width * (double) height / 1e6, jpeg.length,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        PdqResult expected = hasher.hashRgb(rgb, width, height);
        report("hash from pixels", seconds, () -> check(hasher.hashRgb(rgb, width, height), expected));
        report("decode only (ImageIO JPEG)", seconds, () -> PdqImages.read(jpeg));
        report("decode + hash (JPEG bytes)", seconds, () -> {
            PdqImages.RgbImage decoded = PdqImages.read(jpeg);
            hasher.hashRgb(decoded.pixels(), decoded.width(), decoded.height());
        });
    }

    private interface Task {
        void run() throws IOException;
    }

    private static void check(PdqResult actual, PdqResult expected) {
        if (!actual.hash().equals(expected.hash())) {
            throw new IllegalStateException("non-deterministic hash");
        }
    }

    /**
     * Runs {@code task} repeatedly for about {@code seconds} of wall time after a warm-up and
     * prints throughput both per wall-clock second and per second of this thread's CPU time.
     * The CPU-time figure is the per-core rate and stays meaningful on a shared, busy machine
     * where the wall-clock one does not.
     */
    private static void report(String name, double seconds, Task task) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Warm-up so the JIT has compiled the hot loops before we time anything.
        long warmEnd = System.nanoTime() + (long) (Math.min(2.0, seconds / 2) * 1e9);
        while (System.nanoTime() < warmEnd) {
            task.run();
        }
        int n = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            task.run();
            n++;
            now = System.nanoTime();
        } while (now < end);
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (now - start) / 1e9;
        System.out.printf("%-28s %7.1f images/s per core (%6.3f ms CPU/image) | %7.1f images/s wall | %d runs%n",
                name, n / cpu, cpu * 1e3 / n, n / wall, n);
    }

    /**
     * Smooth colour gradients, overlapping discs with hard edges and mild noise: compresses like a
     * photo and has enough structure for PDQ quality 100.
     */
    static BufferedImage syntheticPhoto(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double[][] discs = new double[40][];
        for (int i = 0; i < discs.length; i++) {
            discs[i] = new double[] {random.nextDouble() * width, random.nextDouble() * height,
                (0.03 + random.nextDouble() * 0.15) * Math.min(width, height), random.nextInt(0xffffff)};
        }
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
                img.setRGB(x, y, clamp(r + noise) << 16 | clamp(g + noise) << 8 | clamp(b + noise));
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static byte[] encodeJpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
