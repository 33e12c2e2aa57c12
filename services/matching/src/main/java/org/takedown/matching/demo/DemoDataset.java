package org.takedown.matching.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;

/**
 * Writes a small demo data set release as webdataset tar shards: transformed copies of some
 * "claimant" images (resized, JPEG re-compressed, cropped 1-5 % per side, mirrored, and a mix)
 * among many unrelated images, with the claimant images as evidence and the expected matches.
 *
 * <pre>
 * demo OUT_DIR [UNRELATED=500] [SYNTHETIC_CLAIMANTS=12] [SOURCE_DIR] [SEED=1]
 * </pre>
 *
 * Output: {@code OUT_DIR/shards/NNNNN.tar} (200 samples a shard: {@code .jpg}/{@code .png},
 * {@code .txt} caption, {@code .json} with {@code url} and {@code key}); the same release as
 * {@code OUT_DIR/jsonl/release.jsonl} with local images and as {@code OUT_DIR/parquet/metadata_0000.parquet}
 * (metadata only); {@code OUT_DIR/evidence/}
 * (the claimant images as PNG) and {@code OUT_DIR/truth.tsv} ({@code evidence file, item key,
 * transformation}; unrelated items are not listed). Claimant images are synthetic pictures, plus
 * every JPEG/PNG under {@code SOURCE_DIR} (e.g. the PDQ reference photos) of PDQ quality 50 or more
 * and at least 200 pixels on each side that is not a rotation, flip or resize of one already taken.
 */
public final class DemoDataset {

    static final int SAMPLES_PER_SHARD = 200;

    /** One expected match: which evidence image, which data set item, how it was transformed. */
    public record Expected(String evidence, String itemKey, String transformation) {
    }

    private DemoDataset() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length < 2 || args.length > 6 || !"demo".equals(args[0])) {
            err.println("usage: demo OUT_DIR [UNRELATED=500] [SYNTHETIC_CLAIMANTS=12] [SOURCE_DIR] [SEED=1]");
            return 2;
        }
        int unrelated = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int synthetic = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        Path sources = args.length > 4 && !args[4].isEmpty() ? Path.of(args[4]) : null;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 1;
        List<Expected> expected = write(Path.of(args[1]), unrelated, synthetic, sources, seed);
        out.println("wrote " + Path.of(args[1]).resolve("shards") + " (and jsonl/, parquet/): " + expected.size() + " transformed copies of "
                + expected.stream().map(Expected::evidence).distinct().count() + " claimant images among " + unrelated
                + " unrelated images; evidence in " + Path.of(args[1]).resolve("evidence") + ", expected matches in truth.tsv");
        return 0;
    }

    /** Writes the release, the evidence and truth.tsv; returns the expected matches. */
    public static List<Expected> write(Path out, int unrelated, int synthetic, Path sourceDir, long seed) throws IOException {
        Files.createDirectories(out.resolve("shards"));
        Files.createDirectories(out.resolve("evidence"));
        SplittableRandom random = new SplittableRandom(seed);
        List<BufferedImage> claimants = new ArrayList<>();
        for (long i = 0; claimants.size() < synthetic; i++) {
            BufferedImage picture = SyntheticImages.picture(seed * 1_000_003L + i, 640 + 32 * (int) (i % 5), 480 + 24 * (int) (i % 3));
            // A picture too flat for PDQ (quality below 50) is never matched: not a claimant here.
            if (!PdqImages.hash(picture).isLowQuality()) {
                claimants.add(picture);
            }
        }
        if (sourceDir != null) {
            claimants.addAll(readSources(sourceDir));
        }
        List<Sample> samples = new ArrayList<>();
        List<Expected> expected = new ArrayList<>();
        for (int c = 0; c < claimants.size(); c++) {
            BufferedImage original = claimants.get(c);
            String evidence = String.format("claimant-%03d.png", c);
            Files.write(out.resolve("evidence").resolve(evidence), SyntheticImages.png(original));
            for (Transformation t : Transformation.values()) {
                String key = String.format("copy-%03d-%s", c, t.name().toLowerCase(Locale.ROOT));
                samples.add(new Sample(key, t.apply(original, random), "a copy of claimant image " + c));
                expected.add(new Expected(evidence, key, t.describe));
            }
        }
        for (int u = 0; u < unrelated; u++) {
            BufferedImage image = SyntheticImages.picture(seed * 7_919L + 1_000_000L + u, 320 + 16 * (u % 7), 240 + 12 * (u % 5));
            samples.add(new Sample(String.format("other-%06d", u), SyntheticImages.jpeg(image, 0.85f), "an unrelated picture " + u));
        }
        // Shuffle so that copies are spread among the unrelated images.
        for (int i = samples.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Sample tmp = samples.get(i);
            samples.set(i, samples.get(j));
            samples.set(j, tmp);
        }
        for (int shard = 0; shard * SAMPLES_PER_SHARD < samples.size(); shard++) {
            try (WebDatasetWriter w = new WebDatasetWriter(out.resolve("shards").resolve(String.format("%05d.tar", shard)))) {
                for (int i = shard * SAMPLES_PER_SHARD; i < Math.min(samples.size(), (shard + 1) * SAMPLES_PER_SHARD); i++) {
                    Sample s = samples.get(i);
                    String key = String.format("%09d", i);
                    w.add(key, "jpg", s.jpeg(), s.caption(), "{\"key\":\"" + s.key() + "\",\"url\":\"https://demo.example.org/"
                            + s.key() + ".jpg\",\"caption\":\"" + s.caption() + "\",\"status\":\"success\"}");
                }
            }
        }
        writeJsonlAndParquet(out, samples);
        StringBuilder truth = new StringBuilder("evidence\titem\ttransformation\n");
        for (Expected e : expected) {
            truth.append(e.evidence()).append('\t').append(e.itemKey()).append('\t').append(e.transformation()).append('\n');
        }
        Files.writeString(out.resolve("truth.tsv"), truth);
        return expected;
    }

    private record Sample(String key, byte[] jpeg, String caption) {
    }

    /**
     * The same release in the two other formats: {@code jsonl/release.jsonl} naming local images
     * ({@code jsonl/images/KEY.jpg}), and LAION-style {@code parquet/metadata_0000.parquet}
     * ({@code key}, {@code URL}, {@code TEXT}; no images: LAION's metadata has none), written by
     * DuckDB from the JSONL manifest.
     */
    private static void writeJsonlAndParquet(Path out, List<Sample> samples) throws IOException {
        Path jsonl = Files.createDirectories(out.resolve("jsonl"));
        Files.createDirectories(jsonl.resolve("images"));
        StringBuilder manifest = new StringBuilder();
        for (Sample s : samples) {
            Files.write(jsonl.resolve("images").resolve(s.key() + ".jpg"), s.jpeg());
            manifest.append("{\"id\":\"").append(s.key()).append("\",\"url\":\"https://demo.example.org/").append(s.key())
                    .append(".jpg\",\"caption\":\"").append(s.caption()).append("\",\"image\":\"images/").append(s.key())
                    .append(".jpg\"}\n");
        }
        Files.writeString(jsonl.resolve("release.jsonl"), manifest);
        Path parquet = Files.createDirectories(out.resolve("parquet"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
            sql.execute("COPY (SELECT id AS key, url AS URL, caption AS TEXT FROM read_json_auto("
                    + quote(jsonl.resolve("release.jsonl")) + ")) TO " + quote(parquet.resolve("metadata_0000.parquet"))
                    + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IOException("DuckDB could not write the Parquet release: " + e.getMessage(), e);
        }
    }

    private static String quote(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** The copies made of each claimant image. */
    enum Transformation {
        RESIZED("resized to 40-70 %, JPEG 85"),
        RECOMPRESSED("JPEG quality 50"),
        CROPPED("1-5 % cut off each side, JPEG 85"),
        FLIPPED("mirrored left-right, JPEG 85"),
        MIXED("1-5 % crop per side, mirrored, resized to 50-80 %, JPEG 70");

        final String describe;

        Transformation(String describe) {
            this.describe = describe;
        }

        byte[] apply(BufferedImage image, SplittableRandom r) {
            return switch (this) {
                case RESIZED -> {
                    double s = r.nextDouble(0.4, 0.7);
                    yield SyntheticImages.jpeg(SyntheticImages.resize(image, (int) (image.getWidth() * s),
                            (int) (image.getHeight() * s)), 0.85f);
                }
                case RECOMPRESSED -> SyntheticImages.jpeg(image, 0.5f);
                case CROPPED -> SyntheticImages.jpeg(crop(image, r), 0.85f);
                case FLIPPED -> SyntheticImages.jpeg(SyntheticImages.flipHorizontally(image), 0.85f);
                case MIXED -> {
                    BufferedImage c = SyntheticImages.flipHorizontally(crop(image, r));
                    double s = r.nextDouble(0.5, 0.8);
                    yield SyntheticImages.jpeg(SyntheticImages.resize(c, (int) (c.getWidth() * s), (int) (c.getHeight() * s)), 0.7f);
                }
            };
        }

        private static BufferedImage crop(BufferedImage image, SplittableRandom r) {
            return SyntheticImages.crop(image, r.nextDouble(0.01, 0.05), r.nextDouble(0.01, 0.05), r.nextDouble(0.01, 0.05),
                    r.nextDouble(0.01, 0.05));
        }
    }

    private static List<BufferedImage> readSources(Path dir) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        List<PdqHash> hashes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!(name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"))) {
                    continue;
                }
                BufferedImage image = ImageIO.read(file.toFile());
                if (image == null || image.getWidth() < 200 || image.getHeight() < 200) {
                    continue;
                }
                BufferedImage rgb = SyntheticImages.resize(image, image.getWidth(), image.getHeight());
                PdqResult pdq = PdqImages.hash(new PdqImages.RgbImage(PdqImages.toRgb(rgb), rgb.getWidth(), rgb.getHeight()));
                // Flat images are not matched; rotations and resizes of an image already taken are not new claimants.
                if (pdq.isLowQuality() || hashes.stream().anyMatch(h -> pdq.minDihedralDistance(h) <= 31)) {
                    continue;
                }
                hashes.add(pdq.hash());
                images.add(rgb);
            }
        }
        return images;
    }
}
