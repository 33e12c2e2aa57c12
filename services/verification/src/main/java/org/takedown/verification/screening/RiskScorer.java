package org.takedown.verification.screening;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.takedown.events.ClaimType;
import org.takedown.events.RequestSubmitted;

/**
 * Flags that tell reviewers what deserves a second look, and a score 0-100: the sum of the
 * configured weights of the raised flags, capped at 100.
 */
@ApplicationScoped
public class RiskScorer {

    public static final String MANY_TARGETS = "MANY_TARGETS";
    public static final String HIGH_REQUEST_RATE = "HIGH_REQUEST_RATE";
    public static final String IDN_DOMAIN = "IDN_DOMAIN";
    public static final String NO_EVIDENCE_IMAGES = "NO_EVIDENCE_IMAGES";
    public static final String DOMAIN_CONTROL_PROVEN = "DOMAIN_CONTROL_PROVEN";

    private final int manyTargets;
    private final Map<String, Integer> weights;

    @Inject
    RiskScorer(ScreeningConfig.Risk config) {
        this(config.manyTargets(), config.weights());
    }

    public RiskScorer(int manyTargets, Map<String, Integer> weights) {
        this.manyTargets = manyTargets;
        this.weights = Map.copyOf(weights);
    }

    /**
     * @param recentRequests requests of the same claimant ref in the rate window, this one excluded
     * @param rateLimit      the configured maximum in that window
     */
    public List<String> flags(RequestSubmitted request, long recentRequests, int rateLimit) {
        List<String> flags = new ArrayList<>();
        if (request.imageUrls().size() + request.domains().size() > manyTargets) {
            flags.add(MANY_TARGETS);
        }
        // Half the limit reached: not abuse yet, but a pattern a reviewer should see.
        if ((recentRequests + 1) * 2 > rateLimit) {
            flags.add(HIGH_REQUEST_RATE);
        }
        if (request.domains().stream().anyMatch(d -> d.contains("xn--"))) {
            flags.add(IDN_DOMAIN);
        }
        if (request.claimType() == ClaimType.LIKENESS && request.evidenceImageCount() == 0) {
            flags.add(NO_EVIDENCE_IMAGES);
        }
        return flags;
    }

    public int score(List<String> flags) {
        int sum = flags.stream().mapToInt(flag -> weights.getOrDefault(flag, 0)).sum();
        return Math.min(100, Math.max(0, sum));
    }
}
