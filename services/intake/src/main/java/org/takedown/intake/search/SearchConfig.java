package org.takedown.intake.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pre-filing search page ({@code /search}, ADR 025). */
@ConfigMapping(prefix = "takedown.intake.search")
public interface SearchConfig {

    /** Searches one client network (/24 of IPv4, /48 of IPv6) may make per minute, captions and hashes alike. */
    @WithDefault("30")
    int perMinute();

    /** Results shown per data set release. */
    @WithDefault("20")
    int resultsPerRelease();

    /** Longest caption query, in characters (matching's limit). */
    @WithDefault("200")
    int maxQueryLength();
}
