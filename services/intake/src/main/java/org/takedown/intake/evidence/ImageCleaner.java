package org.takedown.intake.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.takedown.web.Problem;
import org.takedown.web.ProblemException;

/**
 * Turns an untrusted upload into a clean image or a clear refusal, on the request path and without
 * decoding pixels: the type comes from the bytes, the structure is checked strictly
 * ({@link ImageStructure}: truncated files → 422), the pixel count from the header is held to the limit
 * (decompression bombs → 413), and what is kept is the original compressed image without its metadata.
 * That its pixels decode is proven after the request is stored, by {@link EvidenceCheck}.
 */
@ApplicationScoped
public class ImageCleaner {

    private final EvidenceConfig config;

    public ImageCleaner(EvidenceConfig config) {
        this.config = config;
    }

    /**
     * @param field        the request field the image came in, e.g. {@code images[0]}, for error messages
     * @param fileName     the name the client gave the file, may be null
     * @param declaredType the media type the client declared for the part, may be null
     */
    public CleanImage clean(byte[] bytes, String field, String fileName, String declaredType) {
        if (bytes.length == 0) {
            throw refused(400, "empty-upload", field, "is empty");
        }
        if (bytes.length > config.maxBytes()) {
            throw refused(413, "upload-too-large", field, "is larger than " + config.maxBytes() / (1024 * 1024) + " MiB");
        }
        ImageType type = ImageType.sniff(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 16)))
                .orElseThrow(() -> refused(415, "unsupported-image-type", field,
                        "is not a JPEG, PNG or WebP image (whatever its name says)"));
        type.contradiction(fileName, declaredType).ifPresent(claim -> {
            throw refused(415, "image-type-mismatch", field, "is a " + type + " image but claims to be " + claim
                    + "; send it with its real type");
        });
        ImageStructure.Stripped stripped;
        try {
            stripped = ImageStructure.strip(type, bytes);
        } catch (ImageStructure.Malformed malformed) {
            throw malformed.truncated()
                    ? refused(422, "truncated-image", field, "is cut off: the " + type + " file is incomplete")
                    : refused(422, "undecodable-image", field, "is not a valid " + type + " file: it "
                            + malformed.getMessage() + "; is the file damaged?");
        }
        long pixels = (long) stripped.width() * stripped.height();
        if (pixels > config.maxPixels()) {
            throw refused(413, "image-too-large", field, "has " + stripped.width() + "×" + stripped.height()
                    + " pixels; at most " + config.maxPixels() / 1_000_000 + " megapixels are accepted");
        }
        return new CleanImage(type, stripped.width(), stripped.height(), stripped.bytes(), sha256(stripped.bytes()));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private static ProblemException refused(int status, String type, String field, String message) {
        return new ProblemException(status, type, "The image was not accepted", field + " " + message,
                List.of(new Problem.FieldError(field, message)));
    }
}
