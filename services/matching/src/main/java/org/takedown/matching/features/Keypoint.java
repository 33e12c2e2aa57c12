package org.takedown.matching.features;

import org.takedown.pdq.PdqHash;

/**
 * One local feature of an image: where it is and how large, as shares of the image's longer side
 * (so that copies of one photo at different sizes agree), and its 256-bit binary descriptor, held in
 * a {@link PdqHash} because it is searched like one (Hamming distance, multi-index hashing).
 */
public record Keypoint(float x, float y, float radius, PdqHash descriptor) {
}
