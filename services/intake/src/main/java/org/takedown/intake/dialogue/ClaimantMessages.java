package org.takedown.intake.dialogue;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.status.RequestStatus;
import org.takedown.intake.status.StatusChange;

/**
 * Which words of our team the claimant sees with the current status: the reviewer's question while it
 * is open, the reasons of a denial or of a reversal. Shown once the event that calls for them arrived.
 */
@ApplicationScoped
public class ClaimantMessages {

    private final MessageService messages;

    ClaimantMessages(MessageService messages) {
        this.messages = messages;
    }

    public Optional<String> current(TakedownRequest request) {
        return switch (request.status) {
            case DENIED -> messages.latestText(request.id, RequestMessage.Kind.DENIAL);
            case REVERSED -> messages.latestText(request.id, RequestMessage.Kind.REVERSAL);
            case NEEDS_INFORMATION -> request.pendingQuestion == TakedownRequest.PendingQuestion.REVIEWER_QUESTION
                    ? question(request).flatMap(asked -> messages.text(request.id, asked.messageId)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The words of a message an event named (e.g. the reason for a longer deadline), if held. */
    public Optional<String> text(TakedownRequest request, java.util.UUID messageId) {
        return messages.text(request.id, messageId);
    }

    /** The timeline entry of the question that is open (reason codes in its detail). */
    public static Optional<StatusChange> question(TakedownRequest request) {
        return request.timeline.stream().filter(c -> c.note == null && c.status == RequestStatus.NEEDS_INFORMATION)
                .reduce((a, b) -> b);
    }
}
