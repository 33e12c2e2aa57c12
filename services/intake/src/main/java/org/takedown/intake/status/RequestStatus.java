package org.takedown.intake.status;

import java.util.EnumSet;
import java.util.Set;

/**
 * The statuses a claimant sees, in the order a request moves through them. The stage decides
 * which status wins when events from different topics arrive out of order: a request never
 * moves back to an earlier stage on an event. Only the claimant (re-submitting, answering,
 * appealing) and a reviewer's question move it against this order, explicitly.
 */
public enum RequestStatus {
    AWAITING_CONFIRMATION(0),
    SUBMITTED(1),
    /**
     * Kafka refused the request's {@code requests.submitted} for good and the outbox parked it (ADR 012):
     * nothing downstream knows the request; operators are alerted. Same stage as SUBMITTED, so the
     * first event after an operator released the event moves it on.
     */
    ON_HOLD(1),
    VERIFIED(2),
    REJECTED(2),
    NEEDS_INFORMATION(2),
    MATCHED(3),
    NO_MATCH(3),
    IN_REVIEW(4),
    APPROVED(5),
    PARTIALLY_APPROVED(5),
    DENIED(5),
    NOTIFYING(6),
    COMPLETED(7),
    /** An admin reversed the approval; the companies are told to stop removing the items. */
    REVERSED(8),
    /** Terminal: the claimant withdrew the request. */
    WITHDRAWN(9);

    /**
     * Nothing more happens to a request in these unless the claimant or a reviewer reopens it. NO_MATCH
     * belongs here: matching found no candidates, so review opens no case and the request ends there.
     */
    private static final Set<RequestStatus> CLOSED = EnumSet.of(COMPLETED, DENIED, REJECTED, WITHDRAWN, REVERSED, NO_MATCH);

    private final int stage;

    RequestStatus(int stage) {
        this.stage = stage;
    }

    /** Whether a request in this status may move to {@code next}. */
    public boolean canMoveTo(RequestStatus next) {
        return this != WITHDRAWN && next.stage > stage;
    }

    /** Whether the request is closed: the retention period of its personal data runs from here. */
    public boolean closed() {
        return CLOSED.contains(this);
    }
}
