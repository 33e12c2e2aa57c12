package org.takedown.intake.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageTypeTest {

    private static final byte[] JPEG_HEAD = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
    private static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Test
    void typeComesFromTheBytes() {
        assertEquals(Optional.of(ImageType.JPEG), ImageType.sniff(JPEG_HEAD));
        assertEquals(Optional.of(ImageType.PNG), ImageType.sniff(PNG_HEAD));
        assertEquals(Optional.of(ImageType.WEBP), ImageType.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(Optional.empty(), ImageType.sniff("<svg xmlns=".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), ImageType.sniff(new byte[0]));
    }

    @Test
    void aNameOrMediaTypeOfAnotherFormatIsAContradiction() {
        assertTrue(ImageType.PNG.contradiction("photo.jpg", null).isPresent());
        assertTrue(ImageType.JPEG.contradiction("photo.jpeg", "image/png").isPresent());
        assertTrue(ImageType.JPEG.contradiction("drawing.svg", null).isPresent());
        assertFalse(ImageType.JPEG.contradiction("Photo.JPG", "image/jpeg").isPresent());
        assertFalse(ImageType.PNG.contradiction("upload", "application/octet-stream").isPresent(),
                "an unknown name and a generic type claim nothing");
    }
}
