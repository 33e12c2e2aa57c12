package org.takedown.events;

/**
 * CloudEvents {@code type} attribute of every event. The version suffix changes only for a
 * breaking change, which is then a new type published next to the old one.
 */
public final class EventTypes {

    public static final String REQUEST_RECEIVED = "org.takedown.requests.received.v1";
    public static final String REQUEST_SUBMITTED = "org.takedown.requests.submitted.v1";
    public static final String REQUEST_VERIFIED = "org.takedown.requests.verified.v1";
    public static final String REQUEST_REJECTED = "org.takedown.requests.rejected.v1";
    public static final String MATCHES_FOUND = "org.takedown.matches.found.v1";
    public static final String REVIEW_DECIDED = "org.takedown.reviews.decided.v1";
    public static final String NOTICE_DISPATCHED = "org.takedown.notices.dispatched.v1";
    public static final String NOTICE_ACKNOWLEDGED = "org.takedown.notices.acknowledged.v1";
    public static final String REQUEST_COMPLETED = "org.takedown.requests.completed.v1";
    public static final String REQUEST_NEEDS_INFORMATION = "org.takedown.requests.needs-information.v1";
    public static final String REQUEST_WITHDRAWN = "org.takedown.requests.withdrawn.v1";
    public static final String REQUEST_INFORMATION_PROVIDED = "org.takedown.requests.information-provided.v1";
    public static final String REQUEST_APPEALED = "org.takedown.requests.appealed.v1";
    public static final String REVIEW_INFORMATION_REQUESTED = "org.takedown.reviews.information-requested.v1";
    public static final String REVIEW_DEADLINE_EXTENDED = "org.takedown.reviews.deadline-extended.v1";
    public static final String REVIEW_REVERSED = "org.takedown.reviews.reversed.v1";
    public static final String RELEASE_ACTIVATED = "org.takedown.releases.activated.v1";
    public static final String REMOVALS_CARRIED_OVER = "org.takedown.removals.carried-over.v1";

    private EventTypes() {
    }
}
