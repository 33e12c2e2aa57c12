package org.takedown.intake.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.takedown.web.Problem;
import org.takedown.web.ProblemException;

/**
 * Turns an untrusted upload into a clean image or a clear refusal: the type comes from the bytes,
 * the pixel count is checked from the header before anything is decoded, truncated and undecodable
 * files are refused, and what is kept is a fresh PNG with no metadata.
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
        if (!type.looksComplete(bytes)) {
            throw refused(422, "truncated-image", field, "is cut off: the " + type + " file is incomplete");
        }
        BufferedImage decoded = decode(bytes, type, field);
        byte[] png = reencode(decoded, field);
        return new CleanImage(type, decoded.getWidth(), decoded.getHeight(), png, sha256(png));
    }

    private BufferedImage decode(byte[] bytes, ImageType type, String field) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.readerFormat());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + type);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > config.maxPixels()) {
                throw refused(413, "image-too-large", field, "has " + reader.getWidth(0) + "×" + reader.getHeight(0)
                        + " pixels; at most " + config.maxPixels() / 1_000_000 + " megapixels are accepted");
            }
            BufferedImage image = reader.read(0);
            if (image == null || image.getWidth() == 0 || image.getHeight() == 0) {
                throw refused(422, "undecodable-image", field, "could not be decoded as " + type);
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw refused(422, "undecodable-image", field, "could not be decoded as " + type + "; is the file damaged?");
        } finally {
            reader.dispose();
        }
    }

    /** Pixels only, as RGB: alpha, colour profiles and every metadata block stay behind. */
    private static byte[] reencode(BufferedImage decoded, String field) {
        BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(decoded, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(rgb, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new IllegalStateException("re-encoding " + field + " failed", e);
        }
        return out.toByteArray();
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
