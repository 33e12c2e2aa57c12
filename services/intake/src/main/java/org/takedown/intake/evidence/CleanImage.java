package org.takedown.intake.evidence;

/**
 * An uploaded image after cleaning: structurally checked, its compressed pixels as they came but
 * without any metadata (EXIF GPS, camera serial numbers, XMP, comments, …), with its size from the
 * header and the SHA-256 of the clean bytes. {@code sourceType} is both the upload's and the stored format.
 */
public record CleanImage(ImageType sourceType, int width, int height, byte[] bytes, byte[] sha256) {
}
