package org.takedown.events;

/** What a reviewer decided for a request. */
public enum ReviewOutcome {
    APPROVED,
    PARTIALLY_APPROVED,
    DENIED
}
