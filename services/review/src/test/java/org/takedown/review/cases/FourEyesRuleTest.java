package org.takedown.review.cases;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;

class FourEyesRuleTest {

    @Test
    void approvalsAboveTheLimitNeedASecondReviewer() {
        assertTrue(FourEyesRule.required(ClaimType.COPYRIGHT, 1001, 1000));
        assertFalse(FourEyesRule.required(ClaimType.COPYRIGHT, 1000, 1000));
    }

    @Test
    void everySiteOptOutNeedsASecondReviewerWhateverItsSize() {
        assertTrue(FourEyesRule.required(ClaimType.SITE_OPT_OUT, 1, 1000));
    }
}
