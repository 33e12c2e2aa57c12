package org.takedown.matching.embed;

/** Turns a caption (or a text query) into a unit vector; comparable only within one {@link #modelId()}. */
public interface CaptionEmbedder {

    String modelId();

    int dimensions();

    /** The text's embedding, L2-normalised. */
    float[] embed(String text);
}
