package org.takedown.review.cases;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who is deciding. The seam for identity: with Keycloak this becomes the logged-in reviewer;
 * until then every decision is recorded as made by an unauthenticated caller.
 */
@ApplicationScoped
public class Reviewer {

    public static final String AUTO_APPROVER = "system:auto-approve";

    public String currentId() {
        return "unauthenticated";
    }
}
