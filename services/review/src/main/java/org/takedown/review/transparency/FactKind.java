package org.takedown.review.transparency;

/** What a row of {@code transparency_event} records. */
enum FactKind {
    /** Accepted by intake, before the address was confirmed. */
    RECEIVED,
    /** Submitted for processing: the confirmed request (its legal clock starts). */
    CONFIRMED,
    /** Refused by verification; detail: the reason code. */
    REJECTED,
    /** A request's own decision; detail: the outcome. */
    DECIDED,
    WITHDRAWN,
    APPEALED,
    /** An approval taken back. */
    REVERSED,
    /** A reviewer asked the claimant for information: the clock stands still. */
    PAUSED,
    /** The claimant answered: the clock runs again. */
    RESUMED
}
