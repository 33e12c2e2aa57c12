package org.takedown.intake.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.request.TakedownRequestRepository;

/** Moves the status a claimant sees as events about their request arrive from the other services. */
@ApplicationScoped
public class StatusService {

    private static final Logger LOG = Logger.getLogger(StatusService.class);

    private final TakedownRequestRepository requests;

    StatusService(TakedownRequestRepository requests) {
        this.requests = requests;
    }

    /**
     * Records the change in the timeline and moves the status forward. Events from different topics
     * may arrive out of order; a late event joins the timeline but never moves the status back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID requestId, RequestStatus status, String detail, UUID eventId, Instant occurredAt) {
        TakedownRequest request = requests.findById(requestId);
        if (request == null) {
            // Erased after retention, or never ours: nothing to show a claimant.
            LOG.warnf("event %s for unknown request %s ignored", eventId, requestId);
            return;
        }
        request.timeline.add(StatusChange.of(request, status, detail, eventId, occurredAt));
        if (request.status.canMoveTo(status)) {
            LOG.infof("request %s: %s -> %s", requestId, request.status, status);
            request.status = status;
        }
        request.updatedAt = Instant.now();
    }
}
