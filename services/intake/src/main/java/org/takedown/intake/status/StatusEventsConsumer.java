package org.takedown.intake.status;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.DeadlineExtended;
import org.takedown.events.DecisionReversed;
import org.takedown.events.InformationRequested;
import org.takedown.events.MatchesFound;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.RequestCompleted;
import org.takedown.events.RequestNeedsInformation;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestVerified;
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.events.ReviewDecided;
import org.takedown.messaging.Inbox;

/**
 * Follows every topic to keep the claimant's status page true, each event applied once through
 * {@link Inbox#consume} (which also holds the retry and dead-letter policy).
 */
@ApplicationScoped
public class StatusEventsConsumer {

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
    static final String CARRIED_OVER = "removals-carried-over";

    private final Inbox inbox;
    private final StatusService status;

    StatusEventsConsumer(Inbox inbox, StatusService status) {
        this.inbox = inbox;
        this.status = status;
    }

    @Incoming(VERIFIED)
    public CompletionStage<Void> verified(Message<String> message) {
        return inbox.consume(message, RequestVerified.class, status::verified);
    }

    @Incoming(REJECTED)
    public CompletionStage<Void> rejected(Message<String> message) {
        return inbox.consume(message, RequestRejected.class, e ->
                status.record(e.requestId(), RequestStatus.REJECTED, e.reasonCode(), e.eventId(), e.occurredAt()));
    }

    @Incoming(NEEDS_INFORMATION)
    public CompletionStage<Void> needsInformation(Message<String> message) {
        return inbox.consume(message, RequestNeedsInformation.class, status::statementsMissing);
    }

    @Incoming(MATCHES)
    public CompletionStage<Void> matches(Message<String> message) {
        return inbox.consume(message, MatchesFound.class, e -> {
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
    public CompletionStage<Void> decided(Message<String> message) {
        return inbox.consume(message, ReviewDecided.class, status::decided);
    }

    @Incoming(DISPATCHED)
    public CompletionStage<Void> dispatched(Message<String> message) {
        return inbox.consume(message, NoticeDispatched.class, e ->
                status.record(e.requestId(), RequestStatus.NOTIFYING, null, e.eventId(), e.occurredAt()));
    }

    @Incoming(COMPLETED)
    public CompletionStage<Void> completed(Message<String> message) {
        return inbox.consume(message, RequestCompleted.class, e ->
                status.record(e.requestId(), RequestStatus.COMPLETED, null, e.eventId(), e.occurredAt()));
    }

    @Incoming(INFORMATION_REQUESTED)
    public CompletionStage<Void> informationRequested(Message<String> message) {
        return inbox.consume(message, InformationRequested.class, status::informationRequested);
    }

    @Incoming(DEADLINE_EXTENDED)
    public CompletionStage<Void> deadlineExtended(Message<String> message) {
        return inbox.consume(message, DeadlineExtended.class, status::deadlineExtended);
    }

    @Incoming(CARRIED_OVER)
    public CompletionStage<Void> carriedOver(Message<String> message) {
        return inbox.consume(message, RemovalsCarriedOver.class, status::carriedOver);
    }

    @Incoming(REVERSED)
    public CompletionStage<Void> reversed(Message<String> message) {
        return inbox.consume(message, DecisionReversed.class, status::reversed);
    }
}
