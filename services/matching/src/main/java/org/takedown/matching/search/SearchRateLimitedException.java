package org.takedown.matching.search;

import java.util.List;
import org.takedown.web.ProblemException;

/** Too many searches from one address, or too many image searches at once: 429 with Retry-After. */
public class SearchRateLimitedException extends ProblemException {

    private final long retryAfterSeconds;

    public SearchRateLimitedException(long retryAfterSeconds, String detail) {
        super(429, "too-many-searches", "Too many searches", detail, List.of());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
