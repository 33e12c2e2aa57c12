package org.takedown.matching.embed;

import java.awt.image.BufferedImage;
import org.takedown.matching.pdq.PdqImages;

/**
 * Turns an image into a vector for nearest-neighbour search. Vectors of one model are comparable
 * only with vectors of the same model: {@link #modelId()} is recorded with every release that
 * holds such vectors, and matching refuses to compare across models.
 */
public interface ImageEmbedder extends AutoCloseable {

    /** Names the model and its export, e.g. {@code openai/clip-vit-large-patch14}; compared verbatim. */
    String modelId();

    int dimensions();

    /** The image's embedding, L2-normalised (unit length). */
    float[] embed(BufferedImage image);

    /** The same for an image decoded by the hashing code (packed 0xRRGGBB pixels). */
    default float[] embed(PdqImages.RgbImage image) {
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        buffered.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
        return embed(buffered);
    }

    @Override
    default void close() {
    }
}
