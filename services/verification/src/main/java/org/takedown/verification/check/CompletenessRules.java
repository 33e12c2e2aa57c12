package org.takedown.verification.check;

import java.util.Optional;
import org.takedown.events.ClaimType;
import org.takedown.events.RequestSubmitted;

/**
 * The first, thin rules of legal completeness: a request must say what to look for, and a website
 * opt-out must name the site. Per-claim-type rules as data come with the verification issue.
 */
public final class CompletenessRules {

    public static final String NO_TARGETS = "NO_TARGETS";
    public static final String DOMAIN_REQUIRED = "DOMAIN_REQUIRED";

    private CompletenessRules() {
    }

    /** The reason code of the first rule the request fails, or empty if it passes. */
    public static Optional<String> firstFailure(RequestSubmitted request) {
        boolean anyTarget = !request.imageUrls().isEmpty() || !request.domains().isEmpty()
                || request.textQueryCount() > 0 || request.evidenceImageCount() > 0;
        if (!anyTarget) {
            return Optional.of(NO_TARGETS);
        }
        if (request.claimType() == ClaimType.SITE_OPT_OUT && request.domains().isEmpty()) {
            return Optional.of(DOMAIN_REQUIRED);
        }
        return Optional.empty();
    }
}
