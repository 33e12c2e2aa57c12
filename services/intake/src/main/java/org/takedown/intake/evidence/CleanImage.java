package org.takedown.intake.evidence;

/**
 * An uploaded image after cleaning: decoded, re-encoded as PNG without any metadata (EXIF GPS,
 * camera serial numbers, …), with its size and the SHA-256 of the clean bytes.
 */
public record CleanImage(ImageType sourceType, int width, int height, byte[] png, byte[] sha256) {
}
