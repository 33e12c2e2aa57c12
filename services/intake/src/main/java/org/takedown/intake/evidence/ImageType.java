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

    /** The media type evidence of this format is served with. */
    public String mediaType() {
        return "image/" + readerFormat;
    }

    /** The file name ending for this format, without the dot. */
    public String extension() {
        return this == JPEG ? "jpg" : readerFormat;
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
}
