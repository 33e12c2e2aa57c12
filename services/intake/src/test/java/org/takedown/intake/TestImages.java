package org.takedown.intake;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Images made in code for upload tests, good and hostile. */
final class TestImages {

    static final String GPS_MARKER = "GPS-48.8584N-2.2945E-SECRET";

    private TestImages() {
    }

    static byte[] jpeg(int width, int height) {
        return encode(picture(width, height), "jpeg");
    }

    static byte[] png(int width, int height) {
        return encode(picture(width, height), "png");
    }

    /** A JPEG with an EXIF (APP1) segment carrying a location, as phones write them. */
    static byte[] jpegWithExifLocation() {
        byte[] jpeg = jpeg(120, 80);
        byte[] payload = ("Exif\0\0" + GPS_MARKER).getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer app1 = ByteBuffer.allocate(4 + payload.length);
        app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (payload.length + 2)).put(payload);
        byte[] out = new byte[jpeg.length + app1.capacity()];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(app1.array(), 0, out, 2, app1.capacity());
        System.arraycopy(jpeg, 2, out, 2 + app1.capacity(), jpeg.length - 2);
        return out;
    }

    /**
     * A PNG whose structure is flawless (chunks, lengths, CRCs, IDAT, IEND) but whose compressed pixel
     * data is garbage: only a full decode finds out.
     */
    static byte[] pngWithDamagedPixels(int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        byte[] garbage = new byte[200];
        new java.util.Random(3).nextBytes(garbage);
        garbage[0] = 0x78; // a zlib header, then nonsense
        garbage[1] = (byte) 0x9C;
        chunk(png, "IDAT", garbage);
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** A PNG with text chunks (a comment and a location) and a time stamp before and after its pixels. */
    static byte[] pngWithTextChunks() {
        byte[] plain = png(60, 40);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 8 + 25); // signature and IHDR
        chunk(out, "tEXt", ("Comment\0" + GPS_MARKER).getBytes(StandardCharsets.ISO_8859_1));
        chunk(out, "tIME", new byte[] {0x07, (byte) 0xEA, 11, 28, 12, 0, 0});
        out.write(plain, 33, plain.length - 33 - 12);
        chunk(out, "iTXt", ("XML:com.adobe.xmp\0\0\0\0\0" + GPS_MARKER).getBytes(StandardCharsets.ISO_8859_1));
        out.write(plain, plain.length - 12, 12); // IEND
        return out.toByteArray();
    }

    static byte[] truncated(byte[] image) {
        return Arrays.copyOf(image, image.length * 2 / 3);
    }

    /** A PNG whose header claims 50,000 × 50,000 pixels (10 GB decoded) in a few hundred bytes. */
    static byte[] decompressionBomb() {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(50_000).putInt(50_000).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[64 * 1024]);
        deflater.finish();
        byte[] compressed = new byte[1024];
        int length = deflater.deflate(compressed);
        chunk(png, "IDAT", Arrays.copyOf(compressed, length));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** Starts like a JPEG, so only the size check can stop it. */
    static byte[] oversized(long bytes) {
        byte[] data = new byte[(int) bytes];
        data[0] = (byte) 0xFF;
        data[1] = (byte) 0xD8;
        data[2] = (byte) 0xFF;
        return data;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 90, 160));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
