package org.takedown.intake.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.DeadlineExtended;
import org.takedown.events.DecisionReversed;
import org.takedown.events.InformationRequested;
import org.takedown.events.RequestNeedsInformation;
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.events.RequestVerified;
import org.takedown.events.ReviewDecided;
import org.takedown.intake.dialogue.MessageService;
import org.takedown.intake.dialogue.RequestMessage;
import org.takedown.intake.email.ClaimantNotifier;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;

/** Moves the status a claimant sees as events about their request arrive from the other services. */
@ApplicationScoped
public class StatusService {

    private static final Logger LOG = Logger.getLogger(StatusService.class);
    public static final String DEADLINE_EXTENDED = "DEADLINE_EXTENDED";
    public static final String CARRIED_OVER = "CARRIED_OVER";
    public static final String NEAR_COPIES_IN_REVIEW = "NEAR_COPIES_IN_REVIEW";
    public static final String CARRY_OVER_DECIDED = "CARRY_OVER_DECIDED";

    /** Where a reviewer's question can reach the claimant: the request is still being worked on. */
    private static final Set<RequestStatus> OPEN = EnumSet.of(RequestStatus.SUBMITTED, RequestStatus.VERIFIED,
            RequestStatus.NEEDS_INFORMATION, RequestStatus.MATCHED, RequestStatus.NO_MATCH, RequestStatus.IN_REVIEW);

    private final TakedownRequestRepository requests;
    private final ClaimantNotifier notifier;
    private final ClaimantTexts texts;
    private final MessageService messages;

    StatusService(TakedownRequestRepository requests, ClaimantNotifier notifier, ClaimantTexts texts, MessageService messages) {
        this.requests = requests;
        this.notifier = notifier;
        this.texts = texts;
        this.messages = messages;
    }

    /**
     * Records the change in the timeline and moves the status forward. Events from different topics
     * may arrive out of order; a late event joins the timeline but never moves the status back, nor
     * past a step the claimant took after it happened.
     *
     * @return the request if its status moved
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<TakedownRequest> record(UUID requestId, RequestStatus status, String detail, UUID eventId,
            Instant occurredAt) {
        TakedownRequest request = find(requestId, eventId);
        if (request == null) {
            return Optional.empty();
        }
        request.timeline.add(StatusChange.of(request, status, detail, eventId, occurredAt));
        boolean late = request.reopenedAt != null && occurredAt.isBefore(request.reopenedAt);
        if (!late && request.status.canMoveTo(status)) {
            LOG.infof("request %s: %s -> %s", requestId, request.status, status);
            request.moveTo(status, Instant.now());
            if (status != RequestStatus.NEEDS_INFORMATION) {
                request.pendingQuestion = null;
            }
            return Optional.of(request);
        }
        request.updatedAt = Instant.now();
        return Optional.empty();
    }

    /**
     * Verification found the request complete; the time it waited for a domain proof (which we asked the claimant
     * for) is added to the clock's pauses, as verification counted it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void verified(RequestVerified e) {
        record(e.requestId(), RequestStatus.VERIFIED, e.flags().isEmpty() ? null : String.join(",", e.flags()),
                e.eventId(), e.occurredAt());
        TakedownRequest request = requests.findById(e.requestId());
        if (request != null && e.clock() != null && request.clockPausedSeconds < e.clock().pausedSeconds()) {
            request.clockPausedSeconds = e.clock().pausedSeconds();
        }
    }

    /** Verification found legal statements missing: the claimant can add them on the status page; the clock stands still. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void statementsMissing(RequestNeedsInformation e) {
        String missing = String.join(",", e.missingElements());
        record(e.requestId(), RequestStatus.NEEDS_INFORMATION, missing, e.eventId(), e.occurredAt()).ifPresent(request -> {
            request.changeClock(clock -> clock.pausedAt(e.occurredAt()));
            request.pendingQuestion = TakedownRequest.PendingQuestion.MISSING_STATEMENTS;
            tell(request, RequestStatus.NEEDS_INFORMATION, missing, Optional.empty());
        });
    }

    /**
     * A reviewer asked the claimant for more. This moves the status back from review to
     * NEEDS_INFORMATION on purpose; events that happened before it stay in the timeline only.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void informationRequested(InformationRequested e) {
        TakedownRequest request = find(e.requestId(), e.eventId());
        if (request == null) {
            return;
        }
        String reasons = String.join(",", e.reasonCodes());
        StatusChange change = StatusChange.of(request, RequestStatus.NEEDS_INFORMATION, reasons, e.eventId(), e.occurredAt());
        change.messageId = e.messageId();
        request.timeline.add(change);
        boolean late = request.reopenedAt != null && e.occurredAt().isBefore(request.reopenedAt);
        if (late || !OPEN.contains(request.status)) {
            LOG.infof("request %s: question %s recorded, status %s kept", request.id, e.eventId(), request.status);
            request.updatedAt = Instant.now();
            return;
        }
        LOG.infof("request %s: %s -> NEEDS_INFORMATION (reviewer's question)", request.id, request.status);
        request.moveTo(RequestStatus.NEEDS_INFORMATION, Instant.now());
        request.reopenedAt = e.occurredAt();
        request.pendingQuestion = TakedownRequest.PendingQuestion.REVIEWER_QUESTION;
        request.changeClock(clock -> clock.pausedAt(e.occurredAt())); // as review's case: from the question
        tell(request, RequestStatus.NEEDS_INFORMATION, reasons, messages.text(request.id, e.messageId()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void decided(ReviewDecided e) {
        if (e.carriedToRelease() != null) {
            // A carry-over case's decision about near copies in a new release: the request's own outcome stands.
            note(e.requestId(), CARRY_OVER_DECIDED, e.datasetId() + "/" + e.carriedToRelease() + "," + e.outcome(),
                    e.eventId(), e.occurredAt());
            return;
        }
        RequestStatus outcome = RequestStatus.valueOf(e.outcome().name());
        record(e.requestId(), outcome, e.reasonCode(), e.eventId(), e.occurredAt()).ifPresent(request -> {
            request.answerDueAt = null;
            Optional<String> message = outcome == RequestStatus.DENIED
                    ? messages.latestText(request.id, RequestMessage.Kind.DENIAL) : Optional.empty();
            tell(request, outcome, e.reasonCode(), message);
        });
    }

    /**
     * The request's removals were looked up in a newly activated release (ADR 017): what was removed there again, and
     * the near copies a reviewer will decide about, join the timeline; the status stays.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void carriedOver(RemovalsCarriedOver e) {
        String release = e.datasetId() + "/" + e.releaseId();
        if (!e.removedAgain().isEmpty()) {
            note(e.requestId(), CARRIED_OVER, release + "," + e.removedAgain().size(), e.eventId(), e.occurredAt());
        }
        if (!e.nearDuplicates().isEmpty()) {
            note(e.requestId(), NEAR_COPIES_IN_REVIEW, release + "," + e.nearDuplicates().size(), e.eventId(),
                    e.occurredAt());
        }
    }

    private void note(UUID requestId, String kind, String detail, UUID eventId, Instant occurredAt) {
        TakedownRequest request = find(requestId, eventId);
        if (request == null) {
            return;
        }
        StatusChange note = StatusChange.note(request, kind, occurredAt);
        note.detail = detail;
        note.eventId = eventId;
        request.timeline.add(note);
        request.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void reversed(DecisionReversed e) {
        record(e.requestId(), RequestStatus.REVERSED, e.reasonCode(), e.eventId(), e.occurredAt()).ifPresent(request ->
                tell(request, RequestStatus.REVERSED, e.reasonCode(),
                        messages.latestText(request.id, RequestMessage.Kind.REVERSAL)));
    }

    /** A reviewer needs longer (GDPR Art. 12(3)): the claimant learns the new date and why. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deadlineExtended(DeadlineExtended e) {
        TakedownRequest request = find(e.requestId(), e.eventId());
        if (request == null) {
            return;
        }
        StatusChange note = StatusChange.note(request, DEADLINE_EXTENDED, e.occurredAt());
        note.detail = e.reasonCode();
        note.eventId = e.eventId();
        note.messageId = e.messageId();
        request.timeline.add(note);
        request.updatedAt = Instant.now();
        if (request.status.closed()) {
            return;
        }
        if (e.months() != null && request.clock().filter(c -> c.extensionMonths() == 0).isPresent()) {
            request.changeClock(clock -> clock.extendedBy(e.months()));
        } else {
            request.answerDueAt = e.newDeadline(); // an event that does not say by how much: its date stands
        }
        TextBundle words = texts.of(request);
        String news = words.text("mail.moreTime", words.day(e.newDeadline())) + " " + words.extensionReason(e.reasonCode());
        notifier.tell(request, words.text("mail.subject.moreTime"), withMessage(words, news,
                messages.text(request.id, e.messageId())), Instant.now());
    }

    private void tell(TakedownRequest request, RequestStatus status, String detail, Optional<String> message) {
        TextBundle words = texts.of(request);
        notifier.tell(request, words.text("mail.subject.status", words.text("label." + status.name())),
                withMessage(words, words.explain(status, detail), message), Instant.now());
    }

    private static String withMessage(TextBundle words, String news, Optional<String> message) {
        return message.map(text -> news + "\n\n" + words.text("mail.teamMessage") + "\n" + text).orElse(news);
    }

    private TakedownRequest find(UUID requestId, UUID eventId) {
        TakedownRequest request = requests.findById(requestId);
        if (request == null) {
            // Purged after retention, or never ours: nothing to show a claimant.
            LOG.warnf("event %s for unknown request %s ignored", eventId, requestId);
        }
        return request;
    }
}
