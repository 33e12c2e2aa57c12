package org.takedown.review.cases;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.identity.SecurityIdentity;

import org.takedown.web.security.Roles;

/** Who is acting: the reviewer or admin of the current request's access token. */
@RequestScoped
public class Reviewer {

    public static final String AUTO_APPROVER = "system:auto-approve";

    private static final List<String> TAKEDOWN_ROLES = List.of(Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.ADMIN);

    private final SecurityIdentity identity;

    Reviewer(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The Keycloak user name (preferred_username) of the caller. */
    public String currentId() {
        if (identity.isAnonymous()) {
            throw new IllegalStateException("no authenticated caller: the endpoint must require a role");
        }
        return identity.getPrincipal().getName();
    }

    /** The caller's Takedown roles, in a fixed order. */
    public List<String> currentRoles() {
        return TAKEDOWN_ROLES.stream().filter(identity::hasRole).toList();
    }
}
