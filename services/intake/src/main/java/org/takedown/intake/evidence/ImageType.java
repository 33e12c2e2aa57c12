package org.takedown.intake.evidence;

import java.util.Arrays;
import java.util.Optional;

/** The image formats we accept, recognised by their first bytes, never by file name or declared type. */
public enum ImageType {
    JPEG("jpeg"),
    PNG("png"),
    WEBP("webp");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** Endings that name a format; a file named so must be that format. Unknown endings claim nothing. */
    private static final java.util.Set<String> IMAGE_AND_MARKUP_EXTENSIONS = java.util.Set.of("jpg", "jpeg", "jpe", "jfif",
            "png", "webp", "gif", "svg", "svgz", "html", "htm", "xml", "bmp", "tif", "tiff", "heic", "avif", "ico");

    private final String readerFormat;

    ImageType(String readerFormat) {
        this.readerFormat = readerFormat;
    }

    public String readerFormat() {
        return readerFormat;
    }

    private java.util.Set<String> extensions() {
        return switch (this) {
            case JPEG -> java.util.Set.of("jpg", "jpeg", "jpe", "jfif");
            case PNG -> java.util.Set.of("png");
            case WEBP -> java.util.Set.of("webp");
        };
    }

    /**
     * What the client claimed, if it contradicts the bytes: a file name ending or an image media type
     * of another format. A PNG sent as {@code photo.jpg} is a lie we refuse rather than guess around.
     */
    Optional<String> contradiction(String fileName, String declaredType) {
        if (fileName != null) {
            String lower = fileName.toLowerCase(java.util.Locale.ROOT);
            String extension = lower.substring(lower.lastIndexOf('.') + 1);
            if (IMAGE_AND_MARKUP_EXTENSIONS.contains(extension) && !extensions().contains(extension)) {
                return Optional.of("\"" + fileName + "\"");
            }
        }
        if (declaredType != null && declaredType.toLowerCase(java.util.Locale.ROOT).startsWith("image/")) {
            String subtype = declaredType.toLowerCase(java.util.Locale.ROOT).substring(6).split(";")[0].strip();
            boolean matches = switch (this) {
                case JPEG -> subtype.equals("jpeg") || subtype.equals("jpg") || subtype.equals("pjpeg");
                case PNG -> subtype.equals("png");
                case WEBP -> subtype.equals("webp");
            };
            if (!matches) {
                return Optional.of(declaredType);
            }
        }
        return Optional.empty();
    }

    public static Optional<ImageType> sniff(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (head.length >= 8 && Arrays.equals(Arrays.copyOf(head, 8), PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (head.length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /**
     * Whether the file ends as its format says a complete file ends. Decoders fill a cut-off image
     * with grey and carry on; a truncated upload should be refused instead.
     */
    boolean looksComplete(byte[] bytes) {
        return switch (this) {
            case JPEG -> endsWithMarker(bytes);
            case PNG -> bytes.length >= 12 && new String(bytes, bytes.length - 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("IEND");
            case WEBP -> bytes.length >= 12 && riffSize(bytes) + 8 <= bytes.length;
        };
    }

    /** JPEG ends with EOI (FF D9); some writers pad a few bytes after it. */
    private static boolean endsWithMarker(byte[] bytes) {
        for (int i = bytes.length - 2; i >= Math.max(0, bytes.length - 32); i--) {
            if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static long riffSize(byte[] bytes) {
        return (bytes[4] & 0xFFL) | (bytes[5] & 0xFFL) << 8 | (bytes[6] & 0xFFL) << 16 | (bytes[7] & 0xFFL) << 24;
    }
}
