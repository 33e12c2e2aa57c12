package org.takedown.review.claimant;

/** What a message to the claimant is about; intake shows it with the event that names it. */
public enum MessageKind {
    INFORMATION_REQUEST,
    DENIAL,
    DEADLINE_EXTENSION,
    REVERSAL,
    APPEAL_DECISION
}
