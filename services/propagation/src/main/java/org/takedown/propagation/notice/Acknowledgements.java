package org.takedown.propagation.notice;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.messaging.Outbox;
import org.takedown.web.ProblemException;

import io.quarkus.security.ForbiddenException;

/**
 * Vendors report what they did with their notices. Each vendor sees and moves only its own; every
 * step is kept, and each new state is published as {@code takedown.notices.acknowledged}.
 */
@ApplicationScoped
public class Acknowledgements {

    private static final Logger LOG = Logger.getLogger(Acknowledgements.class);
    private static final int MAX_NOTE_LENGTH = 2000;

    private final NoticeRepository notices;
    private final EntityManager entityManager;
    private final Outbox outbox;

    Acknowledgements(NoticeRepository notices, EntityManager entityManager, Outbox outbox) {
        this.notices = notices;
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /** The vendor's notices, newest first, optionally only those in one vendor state ("NONE": not yet reported). */
    public List<Notice> ofVendor(String vendorId, String vendorState, int limit) {
        if (vendorState == null) {
            return notices.find("vendorId = ?1 order by createdAt desc", vendorId).page(0, limit).list();
        }
        if ("NONE".equals(vendorState)) {
            return notices.find("vendorId = ?1 and vendorState is null order by createdAt desc", vendorId).page(0, limit).list();
        }
        return notices.find("vendorId = ?1 and vendorState = ?2 order by createdAt desc", vendorId, parse(vendorState))
                .page(0, limit).list();
    }

    /** One notice of this vendor; another vendor's notice is refused, an unknown one is not found. */
    public Notice ofVendor(String vendorId, UUID noticeId) {
        Notice notice = notices.findByIdOptional(noticeId).orElseThrow(() -> ProblemException.notFound("notice " + noticeId));
        requireOwn(notice, vendorId);
        return notice;
    }

    /**
     * Moves the notice to {@code state}. Reporting the state it is already in changes nothing (a
     * retried call); a step backwards is a conflict.
     *
     * @return whether the state changed
     */
    @Transactional
    public boolean report(String vendorId, UUID noticeId, VendorState state, String note, String reportedBy) {
        Notice notice = notices.findByIdOptional(noticeId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("notice " + noticeId));
        requireOwn(notice, vendorId);
        if (state == notice.vendorState) {
            return false;
        }
        if (!state.mayFollow(notice.vendorState)) {
            throw ProblemException.conflict("vendor-state", "notice " + noticeId + " is " + notice.vendorState
                    + " and cannot become " + state + "; allowed next: " + allowedAfter(notice.vendorState));
        }
        if (state == VendorState.DISPUTED && (note == null || note.isBlank())) {
            throw ProblemException.invalidField("note", "a dispute needs a note saying why");
        }
        if (note != null && note.length() > MAX_NOTE_LENGTH) {
            throw ProblemException.invalidField("note", "at most " + MAX_NOTE_LENGTH + " characters");
        }
        Instant now = Instant.now();
        notice.vendorState = state;
        notice.vendorStateAt = now;
        entityManager.createNativeQuery("""
                INSERT INTO notice_acknowledgement (notice_id, state, note, reported_by, occurred_at)
                VALUES (:notice, :state, :note, :by, :at)""")
                .setParameter("notice", noticeId)
                .setParameter("state", state.name())
                .setParameter("note", note)
                .setParameter("by", reportedBy)
                .setParameter("at", now)
                .executeUpdate();
        outbox.publish(new NoticeAcknowledged(UUID.randomUUID(), now, notice.requestId, notice.id, vendorId, state.name()));
        LOG.infof("notice %s: vendor %s reports %s", noticeId, vendorId, state);
        return true;
    }

    private static void requireOwn(Notice notice, String vendorId) {
        if (!notice.vendorId.equals(vendorId)) {
            throw new ForbiddenException("notice of another vendor");
        }
    }

    private static List<VendorState> allowedAfter(VendorState current) {
        return List.of(VendorState.values()).stream().filter(next -> next.mayFollow(current)).toList();
    }

    private static VendorState parse(String value) {
        try {
            return VendorState.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("vendorState", "must be one of NONE, ACKNOWLEDGED, APPLIED, DISPUTED");
        }
    }
}
