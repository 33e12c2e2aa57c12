package org.takedown.matching.pdq;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqHasher;
import org.takedown.pdq.PdqResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agreement with the hashes published by facebook/ThreatExchange for its own test images, as
 * collected in {@code shared/testdata/pdq/reference-hashes.tsv} (file, hash, quality, source).
 *
 * <p>Bounds, per row:
 * <ul>
 *   <li><b>Lossless files</b> (PNG): identical hash and quality. Nothing but our arithmetic stands
 *       between the pixels and the hash, so any difference is a bug.
 *   <li><b>JPEG</b>: quality identical; hash within {@value #JPEG_MAX_BITS} bits. JPEG decoders may
 *       legally differ by a level here and there (IDCT variant, chroma upsampling); ImageIO decodes
 *       exactly like libjpeg-turbo's default settings, the reference's decoder did not quite.
 *   <li><b>JPEG with reference quality below 50</b>: within {@value #LOW_QUALITY_MAX_BITS} bits, the
 *       usual PDQ match threshold. Such images are nearly flat, every DCT coefficient sits next to
 *       the median, and one-level decoder differences flip many bits: decoding q0003.jpg with
 *       libjpeg-turbo's four IDCT/upsampling variants gives 12-54 bits from the reference. This is
 *       exactly why PDQ reports quality and Meta advises discarding hashes below 50.
 * </ul>
 * Rows whose source is python-threatexchange are decoded the way PIL does (see
 * {@link PdqImages.Decoding#PIL_COMPATIBLE}); only its 16-bit image is affected.
 *
 * <p>Rows without an image file are skipped (reported as aborted) and counted in the summary
 * printed at the end.
 */
class PdqReferenceTest {

    static final int JPEG_MAX_BITS = 10;
    static final int LOW_QUALITY_MAX_BITS = 31;

    private static final PdqHasher HASHER = new PdqHasher();
    private static final List<String> SUMMARY = new ArrayList<>();
    private static final int[] COUNTS = new int[5]; // exact, 1-2, 3-10, >10, skipped

    /** One line of reference-hashes.tsv. */
    record Row(int line, String file, PdqHash hash, int quality, String source) {
        boolean lossless() {
            String f = file.toLowerCase(Locale.ROOT);
            return f.endsWith(".png") || f.endsWith(".bmp") || f.endsWith(".gif");
        }

        PdqImages.Decoding decoding() {
            return source.contains("python-threatexchange")
                    ? PdqImages.Decoding.PIL_COMPATIBLE : PdqImages.Decoding.STANDARD;
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(TestData.dir().resolve("reference-hashes.tsv"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("file\t"))) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 4) {
                throw new IllegalStateException("reference-hashes.tsv line " + (i + 1) + ": " + line);
            }
            rows.add(new Row(i + 1, f[0], PdqHash.parse(f[1]), Integer.parseInt(f[2].strip()), f[3]));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void matchesReferenceHash(Row row) throws IOException {
        Path file = TestData.image(row.file());
        if (!Files.isRegularFile(file)) {
            record(row, null, 4);
            Assumptions.abort("no image file for " + row.file());
        }
        PdqResult result = PdqImages.hash(PdqImages.read(file, row.decoding()));
        int bits = result.hash().hamming(row.hash());
        record(row, result, bits == 0 ? 0 : bits <= 2 ? 1 : bits <= JPEG_MAX_BITS ? 2 : 3);

        String detail = row.file() + ": expected " + row.hash() + " q" + row.quality()
                + ", got " + result + " (" + bits + " bits apart)";
        assertEquals(row.quality(), result.quality(), "quality of " + detail);
        if (row.lossless()) {
            assertEquals(row.hash(), result.hash(), detail);
        } else {
            int bound = row.quality() < PdqResult.MIN_RECOMMENDED_QUALITY ? LOW_QUALITY_MAX_BITS : JPEG_MAX_BITS;
            assertTrue(bits <= bound, detail + " exceeds " + bound);
        }
    }

    /** File name suffixes of ThreatExchange's dih/ set, mapped to the transform they show. */
    private static final Map<String, Dihedral> DIH_FILES = Map.of(
            "dih/bridge-1-original.jpg", Dihedral.ORIGINAL,
            "dih/bridge-2-rotate-90.jpg", Dihedral.ROTATE_90,
            "dih/bridge-3-rotate-180.jpg", Dihedral.ROTATE_180,
            "dih/bridge-4-rotate-270.jpg", Dihedral.ROTATE_270,
            "dih/bridge-5-flipx.jpg", Dihedral.FLIP_X,
            "dih/bridge-6-flipy.jpg", Dihedral.FLIP_Y,
            "dih/bridge-7-flip-plus-1.jpg", Dihedral.FLIP_PLUS_1,
            "dih/bridge-8-flip-minus-1.jpg", Dihedral.FLIP_MINUS_1);

    static Stream<Row> dihedralRows() throws IOException {
        return rows().filter(r -> DIH_FILES.containsKey(r.file()));
    }

    /**
     * Hashing ThreatExchange's rotated/flipped copy of the bridge photo gives (nearly) the
     * corresponding variant computed from the original's DCT, and never a closer other variant.
     * Not exact: the copies were re-encoded as JPEG, and the box filter is not mirror-symmetric.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dihedralRows")
    void dihedralVariantPredictsTransformedFile(Row row) throws IOException {
        Path original = TestData.image("dih/bridge-1-original.jpg");
        Path file = TestData.image(row.file());
        Assumptions.assumeTrue(Files.isRegularFile(original) && Files.isRegularFile(file),
                "dih/ images not present");
        PdqResult fromOriginal = PdqImages.hash(PdqImages.read(original));
        PdqHash transformed = PdqImages.hash(PdqImages.read(file)).hash();
        Dihedral expected = DIH_FILES.get(row.file());

        int bits = transformed.hamming(fromOriginal.variant(expected));
        assertTrue(bits <= JPEG_MAX_BITS, row.file() + " is " + bits + " bits from " + expected);
        for (Dihedral other : Dihedral.values()) {
            if (other != expected) {
                assertTrue(transformed.hamming(fromOriginal.variant(other)) > 64,
                        row.file() + " unexpectedly close to " + other);
            }
        }
    }

    /**
     * Supplementary vectors from python-threatexchange (lossless, so exact):
     * {@code threatexchange/cli/tests/hash_cmd_test.py} lists the hashes of LA.png after PIL's
     * eight rotations/flips; hashing our own pixel transform must give the same bits, which pins
     * both the dihedral naming and the grey+alpha decoding.
     */
    @Test
    void pythonThreatExchangeRotationsOfGreyAlphaPng() throws IOException {
        Path file = TestData.image("pte-resources/LA.png");
        Assumptions.assumeTrue(Files.isRegularFile(file), "LA.png not present");
        Map<Dihedral, String> expected = Map.of(
                Dihedral.ORIGINAL, "accb6d39648035f8125c8ce6ba65007de7b54c67a2d93ef7b8f33b0611306715",
                Dihedral.ROTATE_90, "1f70cbbc77edc5f9524faa1b18f3b76cd0a04a833e20f645d229d0acc8499c56",
                Dihedral.ROTATE_180, "31ddf2513558de0ae56e4a8c8930cadde2ee084df3aed0a75fa512ea0e41e197",
                Dihedral.ROTATE_270, "c79931968e880f4b97196df4d5ea0fb489b99e2c10af0dceacf572809b815ea5",
                Dihedral.FLIP_X, "aaca8605440c4a6735dbbf59b947df92e7bf161807e9cd88baf04579523098ab",
                Dihedral.FLIP_Y, "559f78de2530abbdc663b131ed78f10072c4bb13f3acd6017d0e69150e413e5a",
                Dihedral.FLIP_PLUS_1, "86a860c1f2bd1a1ec65cf4d10ab55087b4b89f7857da59bbd9200fd5845cc3f9",
                Dihedral.FLIP_MINUS_1, "5bb15db9e8a1f03c174a380a55aeaa2985bde9c60abce301bde48df918b5c15b");
        PdqImages.RgbImage image = PdqImages.read(file);
        for (Dihedral d : Dihedral.values()) {
            int[] pixels = d.applyToPixels(image.pixels(), image.width(), image.height());
            int w = d.swapsDimensions() ? image.height() : image.width();
            int h = d.swapsDimensions() ? image.width() : image.height();
            assertEquals(expected.get(d), HASHER.hashRgb(pixels, w, h).hash().toHex(), d.name());
        }
    }

    /**
     * Supplementary vector from python-threatexchange {@code tests/hashing/test_pdq_hasher.py}:
     * a 26x28 RGBA PNG with an ICC profile (RANDOM_IMAGE_BASE64), copied here as a resource.
     */
    @Test
    void pythonThreatExchangeSmallRgbaPngWithIccProfile() throws IOException {
        byte[] png;
        try (InputStream in = getClass().getResourceAsStream("pte-random-26x28.png")) {
            png = in.readAllBytes();
        }
        PdqResult result = PdqImages.hash(PdqImages.read(png));
        assertEquals("ad64cd9875e131a177b1f2a0d6b38ae1de9ea80421e4c51dde1b0363deba3466", result.hash().toHex());
    }

    /**
     * ThreatExchange's own Java test (pdq/java PDQHasherTest) pins two distances between files of
     * the reference set; ours must be the same since our hashes of those files are exact.
     */
    @Test
    void distancesAssertedByReferenceJavaTest() throws IOException {
        Path bridge = TestData.image("dih/bridge-1-original.jpg");
        Path rotated = TestData.image("dih/bridge-2-rotate-90.jpg");
        Path pen = TestData.image("pen-and-coaster.png");
        Assumptions.assumeTrue(Files.isRegularFile(bridge) && Files.isRegularFile(rotated)
                && Files.isRegularFile(pen), "images not present");
        PdqHash b = PdqImages.hash(PdqImages.read(bridge)).hash();
        assertEquals(120, b.hamming(PdqImages.hash(PdqImages.read(rotated)).hash()));
        assertEquals(138, b.hamming(PdqImages.hash(PdqImages.read(pen)).hash()));
    }

    private static synchronized void record(Row row, PdqResult result, int category) {
        COUNTS[category]++;
        String ext = row.file().substring(row.file().lastIndexOf('.') + 1);
        if (result == null) {
            SUMMARY.add(String.format("%-32s %-4s %5d %5s %5s  %s", row.file(), ext, row.quality(), "-", "-",
                    "skipped: no image file"));
        } else {
            int bits = result.hash().hamming(row.hash());
            String[] names = {"exact", "within 1-2 bits", "within 3-10 bits", "WORSE than 10 bits"};
            SUMMARY.add(String.format("%-32s %-4s %5d %5d %5d  %s", row.file(), ext, row.quality(),
                    result.quality(), bits, names[category]));
        }
    }

    @AfterAll
    static void printSummary() {
        StringBuilder sb = new StringBuilder("\nPDQ agreement with reference-hashes.tsv\n");
        sb.append(String.format("%-32s %-4s %5s %5s %5s  %s%n", "file", "fmt", "refQ", "ourQ", "bits", "verdict"));
        SUMMARY.forEach(line -> sb.append(line).append('\n'));
        sb.append(String.format("rows: %d | exact: %d | within 1-2 bits: %d | within 3-10 bits: %d"
                        + " | worse: %d | skipped (no image): %d%n",
                SUMMARY.size(), COUNTS[0], COUNTS[1], COUNTS[2], COUNTS[3], COUNTS[4]));
        System.out.print(sb);
    }
}
