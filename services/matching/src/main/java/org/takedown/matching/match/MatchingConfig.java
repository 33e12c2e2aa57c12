package org.takedown.matching.match;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "takedown.matching")
public interface MatchingConfig {

    /** Most candidates one event carries; beyond it the total is reported and the case flagged. */
    @WithDefault("1000")
    int maxCandidates();

    /** Largest PDQ Hamming distance (of 256 bits) that counts as a match; Meta's usual threshold is 31. */
    @WithDefault("31")
    int pdqMaxDistance();

    /**
     * Crop signal: how many cropped views of an evidence image (0-5 % cut per side) must be within
     * the PDQ threshold of an item for it to count; 0 turns the crop search off.
     */
    @WithDefault("2")
    int cropViews();
}
