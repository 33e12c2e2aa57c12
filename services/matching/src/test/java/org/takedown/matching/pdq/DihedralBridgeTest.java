package org.takedown.matching.pdq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqHasher;
import org.takedown.pdq.PdqResult;

/** The dihedral variants of shared/pdq against the reference bridge photo, decoded as matching decodes it. */
class DihedralBridgeTest {

    private static final PdqHasher HASHER = new PdqHasher();

    private static PdqHash hashTransformed(int[] pixels, int width, int height, Dihedral d) {
        int[] t = d.applyToPixels(pixels, width, height);
        return d.swapsDimensions()
                ? HASHER.hashRgb(t, height, width).hash()
                : HASHER.hashRgb(t, width, height).hash();
    }

    @ParameterizedTest
    @EnumSource(Dihedral.class)
    void rotatingPixelsApproximatesVariantOnBridgePhoto(Dihedral d) throws IOException {
        Path file = TestData.image("dih/bridge-1-original.jpg");
        Assumptions.assumeTrue(Files.isRegularFile(file), "bridge photo not present");
        PdqImages.RgbImage img = PdqImages.read(file);
        PdqResult original = PdqImages.hash(img);
        int bits = hashTransformed(img.pixels(), img.width(), img.height(), d).hamming(original.variant(d));
        assertTrue(bits <= 10, d + ": " + bits + " bits");
    }

    /**
     * Transforms that only reverse columns of the 1600-wide photo are exact: an odd window (13)
     * and a sampling grid (25j + 12) that are both symmetric under x -> 1599 - x.
     */
    @Test
    void symmetricGeometryGivesExactVariants() throws IOException {
        Path file = TestData.image("dih/bridge-1-original.jpg");
        Assumptions.assumeTrue(Files.isRegularFile(file), "bridge photo not present");
        PdqImages.RgbImage img = PdqImages.read(file);
        PdqResult original = PdqImages.hash(img);
        for (Dihedral d : new Dihedral[] {Dihedral.FLIP_Y, Dihedral.ROTATE_90, Dihedral.FLIP_PLUS_1}) {
            assertEquals(original.variant(d), hashTransformed(img.pixels(), img.width(), img.height(), d), d.name());
        }
    }
}
