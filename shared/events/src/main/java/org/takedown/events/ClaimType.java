package org.takedown.events;

/** The legal basis a claimant invokes. */
public enum ClaimType {
    GDPR_ERASURE,
    GDPR_OBJECTION,
    COPYRIGHT,
    LIKENESS,
    SITE_OPT_OUT
}
