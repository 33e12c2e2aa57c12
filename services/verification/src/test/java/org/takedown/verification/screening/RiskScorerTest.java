package org.takedown.verification.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RequestSubmitted;

class RiskScorerTest {

    private final RiskScorer scorer = new RiskScorer(3, Map.of(RiskScorer.MANY_TARGETS, 30, RiskScorer.HIGH_REQUEST_RATE, 40,
            RiskScorer.IDN_DOMAIN, 20, RiskScorer.NO_EVIDENCE_IMAGES, 50));

    @Test
    void manyTargetsAreFlagged() {
        assertTrue(scorer.flags(request(ClaimType.COPYRIGHT, urls(4), List.of(), 1), 0, 20).contains(RiskScorer.MANY_TARGETS));
        assertFalse(scorer.flags(request(ClaimType.COPYRIGHT, urls(3), List.of(), 1), 0, 20).contains(RiskScorer.MANY_TARGETS));
    }

    @Test
    void claimantPastHalfTheRateLimitIsFlagged() {
        assertTrue(scorer.flags(request(ClaimType.COPYRIGHT, urls(1), List.of(), 1), 10, 20).contains(RiskScorer.HIGH_REQUEST_RATE));
        assertFalse(scorer.flags(request(ClaimType.COPYRIGHT, urls(1), List.of(), 1), 9, 20).contains(RiskScorer.HIGH_REQUEST_RATE));
    }

    @Test
    void internationalisedDomainIsFlagged() {
        assertTrue(scorer.flags(request(ClaimType.SITE_OPT_OUT, List.of(), List.of("xn--bcher-kva.example"), 0), 0, 20)
                .contains(RiskScorer.IDN_DOMAIN));
    }

    @Test
    void likenessWithoutEvidenceImagesIsFlagged() {
        assertTrue(scorer.flags(request(ClaimType.LIKENESS, urls(1), List.of(), 0), 0, 20).contains(RiskScorer.NO_EVIDENCE_IMAGES));
        assertFalse(scorer.flags(request(ClaimType.LIKENESS, urls(1), List.of(), 2), 0, 20).contains(RiskScorer.NO_EVIDENCE_IMAGES));
    }

    @Test
    void scoreIsTheSumOfWeightsCappedAt100() {
        assertEquals(0, scorer.score(List.of()));
        assertEquals(70, scorer.score(List.of(RiskScorer.MANY_TARGETS, RiskScorer.HIGH_REQUEST_RATE)));
        assertEquals(100, scorer.score(List.of(RiskScorer.MANY_TARGETS, RiskScorer.HIGH_REQUEST_RATE, RiskScorer.NO_EVIDENCE_IMAGES)));
        assertEquals(0, scorer.score(List.of("UNWEIGHTED_FLAG")));
    }

    private static List<String> urls(int n) {
        return Collections.nCopies(n, "x").stream().map(x -> "https://a.example/" + UUID.randomUUID()).toList();
    }

    private static RequestSubmitted request(ClaimType type, List<String> urls, List<String> domains, int evidenceImages) {
        return new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), type, "cr1_x", urls, domains, 0, evidenceImages);
    }
}
