package org.takedown.intake.access;

import java.time.Duration;
import java.util.List;
import org.takedown.web.ProblemException;

/** Too many wrong access tokens for a request or from an address: answered 429 with Retry-After. */
public class TooManyAttemptsException extends ProblemException {

    private final long retryAfterSeconds;

    public TooManyAttemptsException(Duration retryAfter) {
        this(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }

    private TooManyAttemptsException(long seconds) {
        super(429, "too-many-attempts", "Too many attempts",
                "Too many wrong access tokens were tried. Please wait " + seconds + " seconds and try again.", List.of());
        this.retryAfterSeconds = seconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
