package org.takedown.matching.hash;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The raster formats we hash, recognised by their magic bytes. The file name and the declared
 * content type are never consulted: both are whatever the client says.
 */
public enum ImageFormat {
    JPEG, PNG, GIF, BMP, TIFF,
    /** Decoded by TwelveMonkeys' ImageIO plugin (lossy and lossless); intake stores evidence as WebP too. */
    WEBP;

    /** Bytes enough to tell every format here, and to recognise markup. */
    static final int SNIFF_BYTES = 512;

    public static Optional<ImageFormat> sniff(byte[] data) {
        if (startsWith(data, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(data, 'G', 'I', 'F', '8', '7', 'a') || startsWith(data, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(data, 'B', 'M') && data.length >= 26) {
            return Optional.of(BMP);
        }
        if (startsWith(data, 'I', 'I', 0x2A, 0x00) || startsWith(data, 'M', 'M', 0x00, 0x2A)) {
            return Optional.of(TIFF);
        }
        if (data.length >= 16 && startsWith(data, 'R', 'I', 'F', 'F') && data[8] == 'W' && data[9] == 'E'
                && data[10] == 'B' && data[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /**
     * Whether the data looks like SVG, HTML or XML: text formats that can carry scripts and that
     * we refuse by name so the client learns why.
     */
    public static boolean looksLikeMarkup(byte[] data) {
        int n = Math.min(data.length, SNIFF_BYTES);
        String head = new String(data, 0, n, StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
        if (head.startsWith("\u00ef\u00bb\u00bf")) { // UTF-8 byte order mark
            head = head.substring(3).stripLeading();
        }
        return head.startsWith("<?xml") || head.startsWith("<svg") || head.startsWith("<!doctype")
                || head.startsWith("<html") || head.startsWith("<!--") || head.contains("<svg");
    }

    private static boolean startsWith(byte[] data, int... magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
