package org.takedown.intake.status;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.Topics;
import org.takedown.intake.email.ClaimantNotifier;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;
import org.takedown.messaging.OutboxEventParked;
import org.takedown.messaging.ParkedOutbox;

/**
 * A request whose {@code requests.submitted} Kafka refused for good never reaches verification; left
 * alone it would read "we are checking it" forever. When the outbox parks that event (ADR 012), the
 * request goes {@link RequestStatus#ON_HOLD}, with a timeline entry and a mail, so the claimant knows it
 * is stuck on our side. The relay's announcement does it at once; a sweep of the parked rows catches an
 * announcement lost to a restart.
 */
@ApplicationScoped
public class ForwardingHold {

    private static final Logger LOG = Logger.getLogger(ForwardingHold.class);

    private final TakedownRequestRepository requests;
    private final ParkedOutbox parkedOutbox;
    private final ClaimantNotifier notifier;
    private final ClaimantTexts texts;

    ForwardingHold(TakedownRequestRepository requests, ParkedOutbox parkedOutbox, ClaimantNotifier notifier,
            ClaimantTexts texts) {
        this.requests = requests;
        this.parkedOutbox = parkedOutbox;
        this.notifier = notifier;
        this.texts = texts;
    }

    void onParked(@Observes OutboxEventParked parked) {
        if (Topics.REQUESTS_SUBMITTED.equals(parked.topic())) {
            hold(parked.key());
        }
    }

    @Scheduled(every = "${takedown.intake.forwarding-hold.sweep-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        for (ParkedOutbox.ParkedEvent parked : parkedOutbox.parked(Topics.REQUESTS_SUBMITTED, 500)) {
            hold(parked.key());
        }
    }

    /** Puts a submitted request on hold; any other status (withdrawn meanwhile, already on hold) stays. */
    void hold(String requestId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                TakedownRequest request = requests.findById(UUID.fromString(requestId));
                if (request == null || request.status != RequestStatus.SUBMITTED) {
                    return;
                }
                Instant now = Instant.now();
                request.moveTo(RequestStatus.ON_HOLD, now);
                request.timeline.add(StatusChange.of(request, RequestStatus.ON_HOLD, null, null, now));
                notifier.tell(request, texts.of(request).text("mail.subject.onHold"),
                        texts.of(request).explain(RequestStatus.ON_HOLD, null), now);
                LOG.errorf("request %s on hold: its requests.submitted was parked in the outbox", request.id);
            });
        } catch (RuntimeException e) {
            // A concurrent change of the request, or a key that is no request id: the next sweep looks again.
            LOG.warnf("request %s not put on hold yet: %s", requestId, e.getMessage());
        }
    }
}
