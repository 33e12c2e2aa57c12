package org.takedown.matching.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The public pre-filing search ({@code /api/v1/search/...}): limits per client address. */
@ConfigMapping(prefix = "takedown.matching.search")
public interface SearchConfig {

    /** Token bucket per client address: tokens it holds when full (the burst). */
    @WithDefault("30")
    int burst();

    /** Tokens added per minute to each client's bucket (the sustained rate). */
    @WithDefault("30")
    int perMinute();

    /** Tokens a caption search costs. */
    @WithDefault("1")
    int textCost();

    /** Tokens an image search costs: it hashes the image and 624 cropped views of it (1,248 lookups with their mirrors). */
    @WithDefault("10")
    int imageCost();

    /** Tokens a search by a device hash costs: one whole-image PDQ lookup in each ACTIVE release. */
    @WithDefault("2")
    int hashCost();

    /** Image searches running at once across all clients; more wait for nothing and get 429. */
    @WithDefault("2")
    int maxConcurrentImageSearches();

    /** Largest page of caption results. */
    @WithDefault("50")
    int maxPageSize();

    /** How deep caption results can be paged (offset + size). */
    @WithDefault("1000")
    int maxResults();

    /** Longest caption query, in characters. */
    @WithDefault("200")
    int maxQueryLength();
}
