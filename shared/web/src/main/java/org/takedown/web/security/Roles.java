package org.takedown.web.security;

/**
 * The realm roles of the takedown realm (deploy/local/src/main/resources/keycloak/takedown-realm.json),
 * for {@code @RolesAllowed}. Claimants have no role: they reach their own request with a
 * capability token, on endpoints marked {@code @PermitAll}.
 */
public final class Roles {

    /** Decides cases in the review console. */
    public static final String REVIEWER = "reviewer";
    /** A reviewer who may also give the second approval of large decisions; the realm makes every senior a reviewer too. */
    public static final String SENIOR_REVIEWER = "senior-reviewer";
    /** Runs the system: vendors, failed notices, the audit log, reversals. */
    public static final String ADMIN = "admin";
    /** An AI vendor's client; its tokens carry the vendor's registry id in {@value #VENDOR_ID_CLAIM}. */
    public static final String VENDOR = "vendor";
    /** A Takedown service calling another one with its client-credentials token. */
    public static final String SERVICE = "service";

    /** The claim of vendor tokens that names the vendor (its id in propagation's registry). */
    public static final String VENDOR_ID_CLAIM = "vendor_id";

    private Roles() {
    }
}
