package org.takedown.matching.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqResult;

class ImageHashingTest {

    private final ImageHashing hashing = new ImageHashing(1_000_000, 1_000_000);
    private final BufferedImage photo = TestImages.photo(320, 200, 7);

    @Test
    void hashesAPngLikeTheHasherDoesOnItsPixels() throws Exception {
        PdqResult expected = PdqImages.hash(photo);

        PdqHashDocument doc = hashing.hash(TestImages.encode(photo, "png"));

        assertEquals(expected.hash().toHex(), doc.pdq());
        assertEquals(expected.quality(), doc.quality());
        assertEquals(expected.variant(Dihedral.ROTATE_90).toHex(), doc.dihedral().get("rot90"));
        assertEquals(expected.variant(Dihedral.FLIP_MINUS_1).toHex(), doc.dihedral().get("flipMinus1"));
        assertEquals(Set.of("rot90", "rot180", "rot270", "flipX", "flipY", "flipPlus1", "flipMinus1"),
                doc.dihedral().keySet());
        assertEquals("png", doc.format());
        assertEquals(320, doc.width());
        assertFalse(doc.lowQuality());
    }

    @Test
    void everySupportedFormatIsRecognisedByContent() throws Exception {
        for (String format : new String[] {"jpeg", "png", "gif", "bmp", "tiff"}) {
            PdqHashDocument doc = hashing.hash(TestImages.encode(photo, format));
            assertEquals(format.equals("jpeg") ? "jpeg" : format, doc.format(), format);
        }
    }

    @Test
    void webpIsRecognisedByContentAndDecoded() throws Exception {
        byte[] webp;
        try (var in = getClass().getResourceAsStream("/images/gradient.webp")) {
            webp = in.readAllBytes();
        }

        ImageHashing.Decoded decoded = hashing.decode(webp);

        assertEquals(ImageFormat.WEBP, decoded.format());
        assertEquals(64, decoded.image().width());
        assertEquals(48, decoded.image().height());
        assertEquals("webp", hashing.hash(webp).format());
    }

    @Test
    void truncatedWebpIsDamaged() throws Exception {
        byte[] webp;
        try (var in = getClass().getResourceAsStream("/images/gradient.webp")) {
            webp = in.readAllBytes();
        }
        assertReason(ImageRejectedException.Reason.DAMAGED, java.util.Arrays.copyOf(webp, webp.length / 2));
    }

    @Test
    void flatImageIsHashedAndFlaggedLowQuality() throws Exception {
        BufferedImage flat = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);

        PdqHashDocument doc = hashing.hash(TestImages.encode(flat, "png"));

        assertTrue(doc.quality() < 50, "quality " + doc.quality());
        assertTrue(doc.lowQuality());
    }

    @Test
    void emptyInputIsRefused() {
        assertReason(ImageRejectedException.Reason.EMPTY, new byte[0]);
    }

    @Test
    void oversizedInputIsRefusedBeforeReading() {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> hashing.checkSize(1_000_001));
        assertEquals(ImageRejectedException.Reason.TOO_LARGE, e.reason());
    }

    @Test
    void svgAndHtmlAreRefusedByName() {
        assertTrue(assertReason(ImageRejectedException.Reason.UNSUPPORTED_TYPE, TestImages.SVG).getMessage().contains("SVG"));
        assertTrue(assertReason(ImageRejectedException.Reason.UNSUPPORTED_TYPE, TestImages.HTML).getMessage().contains("HTML"));
    }

    @Test
    void arbitraryBytesAreNotAnImage() {
        assertReason(ImageRejectedException.Reason.UNSUPPORTED_TYPE, "just some text".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void truncatedPngIsDamaged() {
        assertReason(ImageRejectedException.Reason.DAMAGED, TestImages.truncated(TestImages.encode(photo, "png")));
    }

    @Test
    void truncatedJpegIsDamagedNotHashedHalfGrey() {
        assertReason(ImageRejectedException.Reason.DAMAGED, TestImages.truncated(TestImages.encode(photo, "jpeg")));
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() {
        ImageRejectedException e = assertReason(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                TestImages.pngClaiming(50_000, 50_000));
        assertTrue(e.getMessage().contains("before decoding"));
    }

    @Test
    void imageJustUnderThePixelCapIsDecoded() throws Exception {
        ImageHashing tight = new ImageHashing(1_000_000, 320 * 200);
        assertEquals(320, tight.hash(TestImages.encode(photo, "png")).width());
        ImageHashing tooTight = new ImageHashing(1_000_000, 320 * 200 - 1);
        assertEquals(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                assertThrows(ImageRejectedException.class, () -> tooTight.hash(TestImages.encode(photo, "png"))).reason());
    }

    private ImageRejectedException assertReason(ImageRejectedException.Reason reason, byte[] data) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> hashing.hash(data));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }
}
