package org.takedown.propagation.notice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.RequestCompleted;
import org.takedown.messaging.Outbox;

/**
 * A request is complete when every vendor that got a removal notice for it reports APPLIED (cancelled
 * notices, never sent, do not count), or at once when no vendor subscribes. {@code RequestCompleted}
 * goes out once per request: a {@code completed_request} row is written in the same transaction.
 */
@ApplicationScoped
public class Completion {

    private static final Logger LOG = Logger.getLogger(Completion.class);

    private final NoticeRepository notices;
    private final EntityManager entityManager;
    private final Outbox outbox;

    Completion(NoticeRepository notices, EntityManager entityManager, Outbox outbox) {
        this.notices = notices;
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void completeWithoutNotices(UUID requestId) {
        complete(requestId, 0);
    }

    /**
     * Completes the request if every one of its live removal notices is APPLIED. Locks the request's
     * notices first, so of two vendors applying at the same moment the second sees the first's state.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completeIfAllApplied(UUID requestId) {
        List<Notice> removals = notices.lockRemovalsOf(requestId).stream()
                .filter(n -> n.status != Notice.Status.CANCELLED).toList();
        if (!removals.isEmpty() && removals.stream().allMatch(n -> n.vendorState == VendorState.APPLIED)) {
            complete(requestId, removals.size());
        }
    }

    private void complete(UUID requestId, int noticeCount) {
        Instant now = Instant.now();
        int inserted = entityManager.createNativeQuery("""
                INSERT INTO completed_request (request_id, notice_count, completed_at) VALUES (?1, ?2, ?3)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, requestId).setParameter(2, noticeCount).setParameter(3, now).executeUpdate();
        if (inserted == 1) {
            outbox.publish(RequestCompleted.of(requestId, noticeCount));
            LOG.infof("request %s complete: %d vendors applied it", requestId, noticeCount);
        }
    }
}
