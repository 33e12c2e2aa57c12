package org.takedown.matching.pdq;


/**
 * Cost of the reframed views (a main, not a test): {@link FrameViews#queryViews} of a 1024x768
 * evidence image and {@link FrameViews#itemViews} of a data set item as img2dataset's border mode
 * stores one (256x256, padded), beside {@link CropHashes#crops} and one plain PDQ of the same images,
 * all in CPU time of this thread after warm-up.
 * <pre>
 * java -cp target/classes:target/test-classes org.takedown.matching.pdq.FrameViewsBench [IMAGES=100]
 * </pre>
 */
public final class FrameViewsBench {

    private FrameViewsBench() {
    }

    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        PdqImages.RgbImage[] queries = new PdqImages.RgbImage[8];
        PdqImages.RgbImage[] items = new PdqImages.RgbImage[8];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = new PdqImages.RgbImage(
                    PdqBench.syntheticPhoto(1024, 768, i).getRGB(0, 0, 1024, 768, null, 0, 1024), 1024, 768);
            int[] padded = new int[256 * 256];
            java.util.Arrays.fill(padded, 0xFFFFFF);
            int[] content = PdqBench.syntheticPhoto(256, 192, i).getRGB(0, 0, 256, 192, null, 0, 256);
            System.arraycopy(content, 0, padded, 32 * 256, content.length);
            items[i] = new PdqImages.RgbImage(padded, 256, 256);
        }
        FrameViews frames = new FrameViews();
        CropHashes crops = new CropHashes();
        long sink = 0;
        for (int i = 0; i < 20; i++) {
            sink += frames.queryViews(queries[i % 8]).size() + frames.itemViews(items[i % 8]).size() + crops.crops(queries[i % 8]).size();
        }
        long t0 = cpuNanos();
        int views = 0;
        for (int i = 0; i < images; i++) {
            views += frames.queryViews(queries[i % 8]).size();
        }
        long t1 = cpuNanos();
        int stored = 0;
        for (int i = 0; i < images; i++) {
            stored += frames.itemViews(items[i % 8]).size();
        }
        long t2 = cpuNanos();
        for (int i = 0; i < images; i++) {
            sink += crops.crops(queries[i % 8]).size();
        }
        long t3 = cpuNanos();
        for (int i = 0; i < images; i++) {
            sink += PdqImages.hash(queries[i % 8]).quality();
        }
        long t4 = cpuNanos();
        System.out.printf("per image, CPU: query frames %.1f ms (%.1f views) | item frames of a padded 256x256 item %.2f ms "
                        + "(%.1f views) | crop views %.1f ms | plain PDQ %.1f ms (%d)%n",
                (t1 - t0) / 1e6 / images, (double) views / images, (t2 - t1) / 1e6 / images, (double) stored / images,
                (t3 - t2) / 1e6 / images, (t4 - t3) / 1e6 / images, sink & 1);
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
