package org.takedown.review.cases;

import org.takedown.events.ClaimType;

/** When an approval needs a second reviewer: large removals, and every site opt-out (a whole domain). */
public final class FourEyesRule {

    private FourEyesRule() {
    }

    public static boolean required(ClaimType claimType, int approvedItems, int above) {
        return claimType == ClaimType.SITE_OPT_OUT || approvedItems > above;
    }
}
