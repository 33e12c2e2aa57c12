package org.takedown.propagation.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.RequestCompleted;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.messaging.Outbox;

/** Plans one notice per vendor for each approved decision and records how deliveries went. */
@ApplicationScoped
public class PropagationService {

    private static final Logger LOG = Logger.getLogger(PropagationService.class);

    private final NoticeRepository notices;
    private final Outbox outbox;
    private final PropagationConfig config;
    private final ObjectMapper json;

    PropagationService(NoticeRepository notices, Outbox outbox, PropagationConfig config, ObjectMapper json) {
        this.notices = notices;
        this.outbox = outbox;
        this.config = config;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(ReviewDecided decision) {
        if (decision.outcome() == ReviewOutcome.DENIED) {
            return;
        }
        Instant now = Instant.now();
        if (config.vendors().isEmpty()) {
            LOG.warnf("request %s approved but no vendor is registered: nobody to notify", decision.requestId());
            outbox.publish(new RequestCompleted(UUID.randomUUID(), now, decision.requestId(), 0));
            return;
        }
        for (Map.Entry<String, PropagationConfig.Vendor> vendor : config.vendors().entrySet()) {
            Notice notice = new Notice();
            notice.id = UUID.randomUUID();
            notice.requestId = decision.requestId();
            notice.vendorId = vendor.getKey();
            notice.endpointUrl = vendor.getValue().url();
            notice.itemCount = decision.approvedItems().size();
            notice.payload = write(new NoticePayload(notice.id, NoticePayload.REMOVAL, decision.datasetId(),
                    decision.releaseId(), decision.claimType().name(), NoticePayload.REMOVAL_ACTIONS,
                    decision.approvedItems(), now));
            notice.status = Notice.Status.PENDING;
            notice.nextAttemptAt = now;
            notice.createdAt = now;
            notices.persist(notice);
        }
        LOG.infof("request %s: %d notices planned", decision.requestId(), config.vendors().size());
    }

    /** Takes due notices and leases them for one delivery attempt. */
    @Transactional
    public List<Notice> leaseDue(Duration lease) {
        Instant now = Instant.now();
        List<Notice> due = notices.lockDue(now, config.batchSize());
        due.forEach(n -> n.nextAttemptAt = now.plus(lease));
        return due;
    }

    @Transactional
    public void delivered(UUID noticeId) {
        Notice notice = notices.findById(noticeId);
        if (notice.status != Notice.Status.PENDING) {
            return;
        }
        Instant now = Instant.now();
        notice.status = Notice.Status.DELIVERED;
        notice.attempts++;
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

    @Transactional
    public void failed(UUID noticeId, String error) {
        Notice notice = notices.findById(noticeId);
        if (notice.status != Notice.Status.PENDING) {
            return;
        }
        notice.attempts++;
        notice.lastError = error.length() > 500 ? error.substring(0, 500) : error;
        List<Duration> schedule = config.retrySchedule();
        if (notice.attempts > schedule.size()) {
            notice.status = Notice.Status.FAILED;
            LOG.errorf("notice %s to %s failed for good after %d attempts: %s", notice.id, notice.vendorId,
                    notice.attempts, notice.lastError);
            return;
        }
        notice.nextAttemptAt = Instant.now().plus(schedule.get(notice.attempts - 1));
        LOG.warnf("notice %s to %s failed (attempt %d), next at %s: %s", notice.id, notice.vendorId, notice.attempts,
                notice.nextAttemptAt, notice.lastError);
    }

    private String write(NoticePayload payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notice payload cannot be written", e);
        }
    }
}
