package org.takedown.intake.search;

import java.util.List;
import org.takedown.web.ProblemException;

/** Too many searches from one network (or matching is full): 429 with Retry-After. */
public class TooManySearchesException extends ProblemException {

    private final long retryAfterSeconds;

    public TooManySearchesException(long retryAfterSeconds) {
        super(429, "too-many-searches", "Too many searches",
                "Too many searches from your network; please wait " + retryAfterSeconds + " seconds and try again.",
                List.of());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
