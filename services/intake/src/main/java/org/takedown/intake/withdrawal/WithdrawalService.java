package org.takedown.intake.withdrawal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.InetAddress;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.RequestWithdrawn;
import org.takedown.intake.access.ClaimantAccess;
import org.takedown.intake.email.ClaimantNotifier;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.status.ClaimantTexts;
import org.takedown.intake.status.TextBundle;
import org.takedown.intake.status.RequestStatus;
import org.takedown.intake.status.StatusChange;
import org.takedown.messaging.Outbox;
import org.takedown.web.ProblemException;

/**
 * The claimant withdraws their request. WITHDRAWN is final: the event tells review to close the
 * case and propagation to send nothing more (and a reversal for notices already sent).
 */
@ApplicationScoped
public class WithdrawalService {

    private static final Logger LOG = Logger.getLogger(WithdrawalService.class);

    /** Closed for good already: nothing is being done that a withdrawal could stop. */
    private static final Set<RequestStatus> NOT_WITHDRAWABLE = EnumSet.of(RequestStatus.REJECTED, RequestStatus.REVERSED);

    public record Withdrawn(UUID id, String status, Instant withdrawnAt, boolean alreadyWithdrawn) {
    }

    private final ClaimantAccess access;
    private final Outbox outbox;
    private final ClaimantNotifier notifier;
    private final ClaimantTexts texts;

    WithdrawalService(ClaimantAccess access, Outbox outbox, ClaimantNotifier notifier, ClaimantTexts texts) {
        this.access = access;
        this.outbox = outbox;
        this.notifier = notifier;
        this.texts = texts;
    }

    public static boolean withdrawable(RequestStatus status) {
        return status != RequestStatus.WITHDRAWN && !NOT_WITHDRAWABLE.contains(status);
    }

    /** Withdrawing twice is harmless: the second call answers like the first and publishes nothing. */
    @Transactional
    public Withdrawn withdraw(String id, String token, Optional<InetAddress> client) {
        TakedownRequest request = access.open(id, token, client);
        if (request.status == RequestStatus.WITHDRAWN) {
            Instant at = request.timeline.stream().filter(c -> c.status == RequestStatus.WITHDRAWN && c.note == null)
                    .map(c -> c.occurredAt).findFirst().orElse(request.updatedAt);
            return new Withdrawn(request.id, request.status.name(), at, true);
        }
        if (NOT_WITHDRAWABLE.contains(request.status)) {
            throw ProblemException.conflict("request-closed", "This request is already closed ("
                    + texts.in(ClaimantTexts.DEFAULT).text("label." + request.status.name()) + "); there is nothing left to withdraw.");
        }
        Instant now = Instant.now();
        RequestStatus before = request.status;
        request.moveTo(RequestStatus.WITHDRAWN, now);
        request.pendingQuestion = null;
        request.reopenedAt = now;
        request.timeline.add(StatusChange.of(request, RequestStatus.WITHDRAWN, null, null, now));
        outbox.publish(RequestWithdrawn.of(request.id));
        TextBundle words = notifier.textsFor(request);
        notifier.tell(request, words.text("mail.subject.withdrawn"), words.explain(RequestStatus.WITHDRAWN, null), now);
        LOG.infof("request %s: %s -> WITHDRAWN by the claimant", request.id, before);
        return new Withdrawn(request.id, request.status.name(), now, false);
    }
}
