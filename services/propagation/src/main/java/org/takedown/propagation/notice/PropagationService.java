package org.takedown.propagation.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.RequestCompleted;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.messaging.Outbox;
import org.takedown.propagation.removal.RemovalRegistry;
import org.takedown.propagation.vendor.VendorEndpoint;
import org.takedown.propagation.vendor.VendorService;
import org.takedown.propagation.webhook.DeliveryResult;
import org.takedown.web.ProblemException;

/** Plans one notice per subscribed vendor for each approved decision and records how deliveries went. */
@ApplicationScoped
public class PropagationService {

    private static final Logger LOG = Logger.getLogger(PropagationService.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final NoticeRepository notices;
    private final VendorService registry;
    private final RemovalRegistry removals;
    private final Outbox outbox;
    private final PropagationConfig config;
    private final ObjectMapper json;

    PropagationService(NoticeRepository notices, VendorService registry, RemovalRegistry removals, Outbox outbox,
            PropagationConfig config, ObjectMapper json) {
        this.notices = notices;
        this.registry = registry;
        this.removals = removals;
        this.outbox = outbox;
        this.config = config;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(ReviewDecided decision) {
        if (decision.outcome() == ReviewOutcome.DENIED) {
            return;
        }
        removals.record(decision);
        Instant now = Instant.now();
        List<VendorEndpoint> subscribers = registry.subscribers(NoticePayload.REMOVAL, decision.datasetId());
        if (subscribers.isEmpty()) {
            LOG.warnf("request %s approved but no vendor subscribes to data set %s: nobody to notify",
                    decision.requestId(), decision.datasetId());
            outbox.publish(new RequestCompleted(UUID.randomUUID(), now, decision.requestId(), 0));
            return;
        }
        for (VendorEndpoint endpoint : subscribers) {
            Notice notice = new Notice();
            notice.id = UUID.randomUUID();
            notice.requestId = decision.requestId();
            notice.vendorId = endpoint.vendorId;
            notice.endpointId = endpoint.id;
            notice.endpointUrl = endpoint.url;
            notice.itemCount = decision.approvedItems().size();
            notice.payload = write(new NoticePayload(notice.id, NoticePayload.REMOVAL, decision.datasetId(),
                    decision.releaseId(), decision.claimType().name(), NoticePayload.REMOVAL_ACTIONS,
                    decision.approvedItems(), now));
            notice.status = Notice.Status.PENDING;
            notice.nextAttemptAt = now;
            notice.createdAt = now;
            notices.persist(notice);
        }
        LOG.infof("request %s: %d notices planned", decision.requestId(), subscribers.size());
    }

    /** Takes due notices and leases them for one delivery attempt. */
    @Transactional
    public List<Notice> leaseDue(Duration lease) {
        Instant now = Instant.now();
        List<Notice> due = notices.lockDue(now, config.batchSize());
        due.forEach(n -> n.nextAttemptAt = now.plus(lease));
        return due;
    }

    /** Records one delivery attempt: delivered, to be retried, or failed for good. */
    @Transactional
    public void record(UUID noticeId, DeliveryResult result) {
        Notice notice = notices.findById(noticeId);
        if (notice.status != Notice.Status.PENDING) {
            return;
        }
        notice.attempts++;
        if (result.delivered()) {
            delivered(notice);
        } else if (result.refused()) {
            fail(notice, "refused by the outbound guard: " + result.error());
        } else if (result.gone()) {
            if (notice.endpointId != null) {
                registry.disableEndpoint(notice.endpointId, "answered 410 Gone at " + Instant.now());
            }
            fail(notice, "HTTP 410 Gone: the endpoint is gone and was disabled");
        } else if (notice.attempts > config.retrySchedule().size()) {
            fail(notice, result.error());
        } else {
            Duration wait = result.retryAfter().orElseGet(() -> withJitter(config.retrySchedule().get(notice.attempts - 1)));
            notice.nextAttemptAt = Instant.now().plus(wait);
            notice.lastError = truncate(result.error());
            LOG.warnf("notice %s to %s failed (attempt %d), next at %s: %s", notice.id, notice.vendorId, notice.attempts,
                    notice.nextAttemptAt, notice.lastError);
        }
    }

    /** Failed notices, oldest first. */
    @Transactional
    public List<Notice> failed(int limit) {
        return notices.find("status = ?1 order by createdAt, id", Notice.Status.FAILED).page(0, limit).list();
    }

    /**
     * Sends a failed notice again from the start of the schedule: the same notice id (so the same
     * {@code webhook-id}: a receiver that did get it can tell), with a fresh timestamp and signature.
     */
    @Transactional
    public Notice replay(UUID noticeId) {
        Notice notice = notices.findById(noticeId);
        if (notice == null) {
            throw ProblemException.notFound("notice " + noticeId);
        }
        if (notice.status != Notice.Status.FAILED) {
            throw ProblemException.conflict("notice-not-failed", "only a failed notice can be replayed; this one is "
                    + notice.status);
        }
        notice.status = Notice.Status.PENDING;
        notice.attempts = 0;
        notice.nextAttemptAt = Instant.now();
        LOG.infof("notice %s to %s replayed", notice.id, notice.vendorId);
        return notice;
    }

    private void delivered(Notice notice) {
        Instant now = Instant.now();
        notice.status = Notice.Status.DELIVERED;
        notice.deliveredAt = now;
        notice.lastError = null;
        notices.flush();
        outbox.publish(new NoticeDispatched(UUID.randomUUID(), now, notice.requestId, notice.id, notice.vendorId,
                notice.itemCount));
        if (notices.countOpen(notice.requestId) == 0) {
            outbox.publish(new RequestCompleted(UUID.randomUUID(), now, notice.requestId,
                    (int) notices.countFor(notice.requestId)));
            LOG.infof("request %s: every vendor notified", notice.requestId);
        }
    }

    private void fail(Notice notice, String reason) {
        notice.status = Notice.Status.FAILED;
        notice.lastError = truncate(reason);
        LOG.errorf("notice %s to %s failed for good after %d attempts: %s", notice.id, notice.vendorId, notice.attempts,
                notice.lastError);
    }

    /** Up to 10 % more, so that notices that failed together do not all come back at the same instant. */
    private static Duration withJitter(Duration wait) {
        return wait.plusMillis((long) (wait.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble()));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }

    private String write(NoticePayload payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notice payload cannot be written", e);
        }
    }
}
