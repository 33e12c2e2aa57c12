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

    /**
     * Reframed views (signal PDQ_FRAME, ADR 010): look up each evidence image's content box, centred
     * squares and centred aspect-ratio crops, so that copies stored padded, centre-cropped or
     * letterboxed are found. Off leaves the items' stored views unused by queries' own frames.
     */
    @WithDefault("true")
    boolean frameViews();

    /**
     * Local features (signal LOCAL_FEATURES, ADR 014): look up each evidence image's keypoints in a
     * release whose items were ingested with theirs, for crops larger than PDQ's views reach.
     */
    @WithDefault("true")
    boolean localFeatures();

    /**
     * Caption text signal: most items one free-text query may add (best BM25 first); the rest are
     * counted in the request's total and the run is flagged as overflowing, like a domain match.
     */
    @WithDefault("100")
    int captionMaxHits();

    /** Caption text signal: the lowest BM25 score that counts (every term of the query must be in the caption anyway). */
    @WithDefault("0")
    double captionMinScore();
}
