package org.takedown.matching.hash;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqResult;

/**
 * Untrusted bytes in, PDQ hash out: size limit, content sniffing, pixel cap from the header before
 * decoding, strict decoding (a truncated file is refused, not hashed half grey). Shared by the REST
 * API and the CLI; plain Java, no CDI.
 */
public final class ImageHashing {

    private final long maxBytes;
    private final long maxPixels;

    public ImageHashing(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Checks a size before the bytes are read at all. */
    public void checkSize(long size) throws ImageRejectedException {
        if (size == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, "the image is empty (0 bytes)");
        }
        if (size > maxBytes) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE,
                    "the image has " + size + " bytes; the limit is " + maxBytes);
        }
    }

    public PdqHashDocument hash(byte[] data) throws ImageRejectedException {
        Decoded decoded = decode(data);
        PdqResult result = PdqImages.hash(decoded.image());
        return PdqHashDocument.of(result, decoded.format(), decoded.image().width(), decoded.image().height());
    }

    /** A decoded image and the format its bytes were sniffed as. */
    public record Decoded(PdqImages.RgbImage image, ImageFormat format) {
    }

    /**
     * Size limit, sniffing, pixel cap and strict decoding, as {@link #hash(byte[])}, without hashing:
     * for callers that hash more than the whole image (ingestion, evidence matching).
     */
    public Decoded decode(byte[] data) throws ImageRejectedException {
        checkSize(data.length);
        Optional<ImageFormat> format = ImageFormat.sniff(data);
        if (format.isEmpty()) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_TYPE,
                    ImageFormat.looksLikeMarkup(data)
                            ? "SVG, HTML and other markup are not accepted; send a JPEG, PNG, WebP, GIF, BMP or TIFF image"
                            : "the content is not a JPEG, PNG, WebP, GIF, BMP or TIFF image (the file name is not consulted)");
        }
        return new Decoded(decode(data, format.get()), format.get());
    }

    private PdqImages.RgbImage decode(byte[] data, ImageFormat format) throws ImageRejectedException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            var decoded = PdqImages.decode(in, maxPixels, format.name(), true);
            return new PdqImages.RgbImage(PdqImages.toRgb(decoded), decoded.getWidth(), decoded.getHeight());
        } catch (PdqImages.TooManyPixelsException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                    "the image declares more than " + maxPixels + " pixels; refused before decoding");
        } catch (PdqImages.UnsupportedImageException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_TYPE,
                    "this " + format + " variant is not supported: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.DAMAGED,
                    "the " + format + " data is truncated or corrupt");
        }
    }
}
