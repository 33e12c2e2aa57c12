package org.takedown.events;

import java.util.List;

/**
 * Kafka topic names of the event contract. Every topic has a dead-letter twin named
 * {@code <topic>.dlq}; keys are request ids (data set keys for the registry's own events).
 */
public final class Topics {

    /** Submissions as accepted, before confirmation: for the transparency report only (ADR 020). */
    public static final String REQUESTS_RECEIVED = "takedown.requests.received";
    public static final String REQUESTS_SUBMITTED = "takedown.requests.submitted";
    public static final String REQUESTS_VERIFIED = "takedown.requests.verified";
    public static final String REQUESTS_REJECTED = "takedown.requests.rejected";
    public static final String MATCHES_FOUND = "takedown.matches.found";
    public static final String REVIEWS_DECIDED = "takedown.reviews.decided";
    public static final String NOTICES_DISPATCHED = "takedown.notices.dispatched";
    public static final String NOTICES_ACKNOWLEDGED = "takedown.notices.acknowledged";
    public static final String REQUESTS_COMPLETED = "takedown.requests.completed";
    public static final String REQUESTS_NEEDS_INFORMATION = "takedown.requests.needs-information";
    public static final String REQUESTS_WITHDRAWN = "takedown.requests.withdrawn";
    public static final String REQUESTS_INFORMATION_PROVIDED = "takedown.requests.information-provided";
    public static final String REQUESTS_APPEALED = "takedown.requests.appealed";
    public static final String REVIEWS_INFORMATION_REQUESTED = "takedown.reviews.information-requested";
    public static final String REVIEWS_DEADLINE_EXTENDED = "takedown.reviews.deadline-extended";
    public static final String REVIEWS_REVERSED = "takedown.reviews.reversed";
    /** Keyed by {@link ReleaseActivated#keyOf the data set's key}, not by a request id. */
    public static final String RELEASES_ACTIVATED = "takedown.releases.activated";
    public static final String REMOVALS_CARRIED_OVER = "takedown.removals.carried-over";

    /** Partitions per topic; the number of consumers per group that can work in parallel. */
    public static final int DEFAULT_PARTITIONS = 6;

    private static final List<String> ALL = List.of(
            REQUESTS_SUBMITTED, REQUESTS_VERIFIED, REQUESTS_REJECTED, MATCHES_FOUND,
            REVIEWS_DECIDED, NOTICES_DISPATCHED, NOTICES_ACKNOWLEDGED, REQUESTS_COMPLETED,
            REQUESTS_NEEDS_INFORMATION, REQUESTS_WITHDRAWN, REQUESTS_INFORMATION_PROVIDED, REQUESTS_APPEALED,
            REVIEWS_INFORMATION_REQUESTED, REVIEWS_DEADLINE_EXTENDED, REVIEWS_REVERSED, RELEASES_ACTIVATED,
            REMOVALS_CARRIED_OVER, REQUESTS_RECEIVED);

    private Topics() {
    }

    /** The business topics, without their dead-letter twins. */
    public static List<String> all() {
        return ALL;
    }

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** Business topics and their dead-letter twins: what a broker must hold. */
    public static List<String> allWithDeadLetters() {
        return ALL.stream().flatMap(t -> java.util.stream.Stream.of(t, deadLetter(t))).toList();
    }
}
