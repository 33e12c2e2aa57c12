package org.takedown.intake.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageStructureTest {

    private static final String SECRET = "GPS-52.5163N-13.3777E";

    @Test
    void jpegKeepsItsCompressedPixelsAndLosesExifXmpIptcAndComments() throws Exception {
        byte[] plain = encode(picture(90, 60), "jpeg");
        byte[] withMetadata = insertAfterSoi(plain,
                segment(0xE1, "Exif\0\0" + SECRET), segment(0xE1, "http://ns.adobe.com/xap/1.0/\0" + SECRET),
                segment(0xED, "Photoshop 3.0\0" + SECRET), segment(0xFE, SECRET), segment(0xE5, "Maker" + SECRET));

        ImageStructure.Stripped stripped = ImageStructure.strip(ImageType.JPEG, withMetadata);

        assertEquals(90, stripped.width());
        assertEquals(60, stripped.height());
        assertFalse(text(stripped.bytes()).contains(SECRET), "metadata survived");
        assertTrue(text(stripped.bytes()).contains("JFIF"), "the JFIF header a decoder needs is gone");
        assertArrayEquals(plain, stripped.bytes(), "anything but the metadata changed");
        assertPixelsEqual(ImageIO.read(new ByteArrayInputStream(plain)),
                ImageIO.read(new ByteArrayInputStream(stripped.bytes())));
    }

    @Test
    void jpegDropsBytesAfterItsEnd() throws Exception {
        byte[] plain = encode(picture(30, 20), "jpeg");
        byte[] appended = Arrays.copyOf(plain, plain.length + 100);
        Arrays.fill(appended, plain.length, appended.length, (byte) 'Z');
        assertArrayEquals(plain, ImageStructure.strip(ImageType.JPEG, appended).bytes());
    }

    @Test
    void cutOffJpegIsTruncatedWhereverItStops() throws Exception {
        byte[] plain = encode(picture(200, 150), "jpeg");
        for (int length : new int[] {3, 10, 25, plain.length / 3, plain.length * 2 / 3, plain.length - 2}) {
            ImageStructure.Malformed malformed = assertThrows(ImageStructure.Malformed.class,
                    () -> ImageStructure.strip(ImageType.JPEG, Arrays.copyOf(plain, length)), "cut at " + length);
            assertTrue(malformed.truncated(), "cut at " + length + ": " + malformed.getMessage());
        }
    }

    @Test
    void jpegWithoutFrameOrScanIsMalformed() {
        byte[] noScan = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        assertFalse(assertThrows(ImageStructure.Malformed.class, () -> ImageStructure.strip(ImageType.JPEG, noScan))
                .truncated());
        byte[] garbage = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 'J', 'F', 'x', 'y', 'z'};
        assertFalse(assertThrows(ImageStructure.Malformed.class, () -> ImageStructure.strip(ImageType.JPEG, garbage))
                .truncated());
    }

    @Test
    void pngLosesTextTimeAndExifChunksButKeepsItsPixels() throws Exception {
        byte[] plain = encode(picture(50, 30), "png");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 33);
        out.writeBytes(chunk("tEXt", ("Comment\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1)));
        out.writeBytes(chunk("eXIf", ("MM\0*" + SECRET).getBytes(StandardCharsets.ISO_8859_1)));
        out.writeBytes(chunk("gAMA", ByteBuffer.allocate(4).putInt(45455).array()));
        out.write(plain, 33, plain.length - 33 - 12);
        out.writeBytes(chunk("tIME", new byte[] {0x07, (byte) 0xEA, 11, 28, 12, 0, 0}));
        out.writeBytes(chunk("zTXt", ("Author\0\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1)));
        out.write(plain, plain.length - 12, 12);

        ImageStructure.Stripped stripped = ImageStructure.strip(ImageType.PNG, out.toByteArray());

        assertEquals(50, stripped.width());
        assertEquals(30, stripped.height());
        String kept = text(stripped.bytes());
        assertFalse(kept.contains(SECRET), "text survived");
        assertFalse(kept.contains("tIME") || kept.contains("eXIf") || kept.contains("tEXt"), "metadata chunks survived");
        assertTrue(kept.contains("gAMA"), "a rendering chunk was dropped");
        assertPixelsEqual(ImageIO.read(new ByteArrayInputStream(plain)),
                ImageIO.read(new ByteArrayInputStream(stripped.bytes())));
    }

    @Test
    void pngWithADamagedChunkOrNoPixelsOrCutOffIsRefused() throws Exception {
        byte[] plain = encode(picture(40, 40), "png");
        byte[] badCrc = plain.clone();
        badCrc[40] ^= 0x55; // inside IDAT
        assertFalse(assertThrows(ImageStructure.Malformed.class, () -> ImageStructure.strip(ImageType.PNG, badCrc))
                .truncated());

        ByteArrayOutputStream noIdat = new ByteArrayOutputStream();
        noIdat.write(plain, 0, 33);
        noIdat.write(plain, plain.length - 12, 12);
        assertFalse(assertThrows(ImageStructure.Malformed.class,
                () -> ImageStructure.strip(ImageType.PNG, noIdat.toByteArray())).truncated());

        assertTrue(assertThrows(ImageStructure.Malformed.class,
                () -> ImageStructure.strip(ImageType.PNG, Arrays.copyOf(plain, plain.length - 12))).truncated());
        assertTrue(assertThrows(ImageStructure.Malformed.class,
                () -> ImageStructure.strip(ImageType.PNG, Arrays.copyOf(plain, plain.length * 2 / 3))).truncated());
    }

    @Test
    void pngHeaderDimensionsAreReadWithoutDecoding() throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        bomb.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(50_000).putInt(50_000).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array()));
        bomb.writeBytes(chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 3, 0}));
        bomb.writeBytes(chunk("IEND", new byte[0]));
        ImageStructure.Stripped stripped = ImageStructure.strip(ImageType.PNG, bomb.toByteArray());
        assertEquals(50_000, stripped.width());
        assertEquals(50_000, stripped.height());
    }

    @Test
    void webpKeepsItsImageAndLosesExifAndXmpWithTheirFlags() throws Exception {
        byte[] simple = gradientWebp();
        assertEquals(64, ImageStructure.strip(ImageType.WEBP, simple).width());
        assertEquals(48, ImageStructure.strip(ImageType.WEBP, simple).height());

        // The same image as an extended file (VP8X) with EXIF and XMP chunks, as cameras and editors write it.
        byte[] vp8 = Arrays.copyOfRange(simple, 12, simple.length);
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put((byte) 0x0C).put(new byte[3]);
        vp8x.put((byte) 63).put((byte) 0).put((byte) 0).put((byte) 47).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(riffChunk("VP8X", vp8x.array()));
        body.writeBytes(vp8);
        body.writeBytes(riffChunk("EXIF", ("MM\0*" + SECRET).getBytes(StandardCharsets.ISO_8859_1)));
        body.writeBytes(riffChunk("XMP ", ("<x:xmpmeta>" + SECRET + "</x:xmpmeta>").getBytes(StandardCharsets.ISO_8859_1)));
        byte[] extended = riffChunk("RIFF", body.toByteArray());

        ImageStructure.Stripped stripped = ImageStructure.strip(ImageType.WEBP, extended);

        byte[] kept = stripped.bytes();
        assertEquals(64, stripped.width());
        assertEquals(48, stripped.height());
        assertFalse(text(kept).contains(SECRET), "metadata survived");
        assertEquals(0, kept[20] & 0x0C, "the VP8X flags still announce EXIF/XMP");
        assertEquals(kept.length - 8, ByteBuffer.wrap(kept, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(), "RIFF size");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(kept));
        assertEquals(64, decoded.getWidth());
    }

    @Test
    void cutOffWebpIsTruncated() throws Exception {
        byte[] webp = gradientWebp();
        assertTrue(assertThrows(ImageStructure.Malformed.class,
                () -> ImageStructure.strip(ImageType.WEBP, Arrays.copyOf(webp, webp.length / 2))).truncated());
        byte[] noImage = riffChunk("RIFF", concat("WEBP".getBytes(StandardCharsets.US_ASCII),
                riffChunk("EXIF", new byte[8])));
        assertFalse(assertThrows(ImageStructure.Malformed.class, () -> ImageStructure.strip(ImageType.WEBP, noImage))
                .truncated());
    }

    private static void assertPixelsEqual(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if (expected.getRGB(x, y) != actual.getRGB(x, y)) {
                    throw new AssertionError("pixel " + x + "," + y + " changed");
                }
            }
        }
    }

    private static byte[] gradientWebp() throws IOException {
        try (InputStream in = ImageStructureTest.class.getResourceAsStream("/images/gradient.webp")) {
            return in.readAllBytes();
        }
    }

    private static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (byte[] segment : segments) {
            out.writeBytes(segment);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] segment(int marker, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(4 + data.length).put((byte) 0xFF).put((byte) marker).putShort((short) (data.length + 2))
                .put(data).array();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue())
                .array();
    }

    private static byte[] riffChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        chunk.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return chunk.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 40, 90));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.CYAN);
        g.fillOval(width / 5, height / 5, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
