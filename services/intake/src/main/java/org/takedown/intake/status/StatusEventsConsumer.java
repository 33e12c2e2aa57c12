package org.takedown.intake.status;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.takedown.events.DeadlineExtended;
import org.takedown.events.DecisionReversed;
import org.takedown.events.EventCodec;
import org.takedown.events.InformationRequested;
import org.takedown.events.MatchesFound;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.RequestCompleted;
import org.takedown.events.RequestNeedsInformation;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestVerified;
import org.takedown.events.ReviewDecided;
import org.takedown.messaging.Inbox;

/**
 * Follows every topic to keep the claimant's status page true. Each event is applied once (inbox);
 * transient failures are retried, malformed events go to the channel's dead-letter topic.
 */
@ApplicationScoped
public class StatusEventsConsumer {

    static final String CONSUMER = "intake";
    static final String VERIFIED = "requests-verified";
    static final String REJECTED = "requests-rejected";
    static final String NEEDS_INFORMATION = "requests-needs-information";
    static final String MATCHES = "matches-found";
    static final String DECIDED = "reviews-decided";
    static final String DISPATCHED = "notices-dispatched";
    static final String COMPLETED = "requests-completed";
    static final String INFORMATION_REQUESTED = "reviews-information-requested";
    static final String DEADLINE_EXTENDED = "reviews-deadline-extended";
    static final String REVERSED = "reviews-reversed";

    private final Inbox inbox;
    private final StatusService status;

    StatusEventsConsumer(Inbox inbox, StatusService status) {
        this.inbox = inbox;
        this.status = status;
    }

    @Incoming(VERIFIED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void verified(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, RequestVerified.class), e ->
                status.record(e.requestId(), RequestStatus.VERIFIED, e.flags().isEmpty() ? null : String.join(",", e.flags()),
                        e.eventId(), e.occurredAt()));
    }

    @Incoming(REJECTED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void rejected(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, RequestRejected.class), e ->
                status.record(e.requestId(), RequestStatus.REJECTED, e.reasonCode(), e.eventId(), e.occurredAt()));
    }

    @Incoming(NEEDS_INFORMATION)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void needsInformation(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, RequestNeedsInformation.class), status::statementsMissing);
    }

    @Incoming(MATCHES)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void matches(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, MatchesFound.class), e -> {
            if (e.candidates().isEmpty()) {
                status.record(e.requestId(), RequestStatus.NO_MATCH, null, e.eventId(), e.occurredAt());
            } else {
                String count = ClaimantTexts.matchedDetail(e);
                status.record(e.requestId(), RequestStatus.MATCHED, count, e.eventId(), e.occurredAt());
                // Review opens a case for every request with candidates: from here a person decides.
                status.record(e.requestId(), RequestStatus.IN_REVIEW, null, e.eventId(), e.occurredAt());
            }
        });
    }

    @Incoming(DECIDED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void decided(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, ReviewDecided.class), status::decided);
    }

    @Incoming(DISPATCHED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void dispatched(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, NoticeDispatched.class), e ->
                status.record(e.requestId(), RequestStatus.NOTIFYING, null, e.eventId(), e.occurredAt()));
    }

    @Incoming(COMPLETED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void completed(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, RequestCompleted.class), e ->
                status.record(e.requestId(), RequestStatus.COMPLETED, null, e.eventId(), e.occurredAt()));
    }

    @Incoming(INFORMATION_REQUESTED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void informationRequested(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, InformationRequested.class), status::informationRequested);
    }

    @Incoming(DEADLINE_EXTENDED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void deadlineExtended(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, DeadlineExtended.class), status::deadlineExtended);
    }

    @Incoming(REVERSED)
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = EventCodec.MalformedEventException.class)
    public void reversed(String payload) {
        inbox.process(CONSUMER, EventCodec.read(payload, DecisionReversed.class), status::reversed);
    }
}
