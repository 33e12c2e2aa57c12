package org.takedown.matching.pdq;

/**
 * Cost of the crop views of one evidence image (a main, not a test): {@link CropHashes#crops} on
 * 1024x768 synthetic photos, after warm-up.
 * <pre>
 * java -cp target/classes:target/test-classes org.takedown.matching.pdq.CropHashesBench [IMAGES=30]
 * </pre>
 */
public final class CropHashesBench {

    private CropHashesBench() {
    }

    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        PdqImages.RgbImage[] inputs = new PdqImages.RgbImage[8];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new PdqImages.RgbImage(
                    PdqBench.syntheticPhoto(1024, 768, i).getRGB(0, 0, 1024, 768, null, 0, 1024), 1024, 768);
        }
        CropHashes crops = new CropHashes();
        long sink = 0;
        for (int i = 0; i < 10; i++) {
            sink += crops.crops(inputs[i % inputs.length]).size();
        }
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < images; i++) {
            for (CropHashes.Crop c : crops.crops(inputs[i % inputs.length])) {
                sink += c.pdq().hash().hashCode() + c.pdq().flipY().hashCode();
            }
        }
        double wall = (System.nanoTime() - t0) / 1e6 / images;
        double cpu = (cpuNanos() - cpu0) / 1e6 / images;
        System.out.printf("crop views of a 1024x768 image: %.1f ms wall, %.1f ms CPU per image (%d images; %d)%n",
                wall, cpu, images, sink & 1);
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
