package org.takedown.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RequestSubmitted;
import org.takedown.verification.check.CompletenessRules;

class CompletenessRulesTest {

    @Test
    void requestWithATargetPasses() {
        assertEquals(Optional.empty(), CompletenessRules.firstFailure(request(ClaimType.COPYRIGHT, List.of("https://a.example/x.jpg"), List.of(), 0)));
    }

    @Test
    void textQueryAloneIsATarget() {
        assertEquals(Optional.empty(), CompletenessRules.firstFailure(request(ClaimType.LIKENESS, List.of(), List.of(), 1)));
    }

    @Test
    void requestWithoutTargetsFails() {
        assertEquals(Optional.of(CompletenessRules.NO_TARGETS),
                CompletenessRules.firstFailure(request(ClaimType.GDPR_ERASURE, List.of(), List.of(), 0)));
    }

    @Test
    void siteOptOutNeedsADomain() {
        assertEquals(Optional.of(CompletenessRules.DOMAIN_REQUIRED),
                CompletenessRules.firstFailure(request(ClaimType.SITE_OPT_OUT, List.of("https://a.example/x.jpg"), List.of(), 0)));
        assertEquals(Optional.empty(),
                CompletenessRules.firstFailure(request(ClaimType.SITE_OPT_OUT, List.of(), List.of("a.example"), 0)));
    }

    private static RequestSubmitted request(ClaimType type, List<String> urls, List<String> domains, int textQueries) {
        return new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), type, "cr1_x", urls, domains, textQueries, 0);
    }
}
