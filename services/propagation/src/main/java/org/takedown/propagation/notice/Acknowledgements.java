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
    private final Completion completion;

    Acknowledgements(NoticeRepository notices, EntityManager entityManager, Outbox outbox, Completion completion) {
        this.notices = notices;
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.completion = completion;
    }

    /** The vendor's notices, newest first, optionally only those in one vendor state ("NONE": not yet reported). */
    public List<Notice> ofVendor(String vendorId, String vendorState, int limit) {
        if (vendorState == null) {
            return notices.find("vendorId = ?1 and kind <> ?2 order by createdAt desc", vendorId, Notice.Kind.REMINDER).page(0, limit).list();
        }
        if ("NONE".equals(vendorState)) {
            return notices.find("vendorId = ?1 and kind = ?2 and vendorState is null order by createdAt desc", vendorId,
                    Notice.Kind.REMOVAL).page(0, limit).list();
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
     * retried call); a step backwards is a conflict. A dispute needs a note and a reason code; the
     * code is published, the note stays here for administrators. The last vendor to report APPLIED
     * completes the request, in this transaction.
     *
     * @return whether the state changed
     */
    @Transactional
    public boolean report(String vendorId, UUID noticeId, VendorState state, DisputeReason reason, String note,
            String reportedBy) {
        Notice found = notices.findByIdOptional(noticeId).orElseThrow(() -> ProblemException.notFound("notice " + noticeId));
        requireOwn(found, vendorId);
        if (found.kind != Notice.Kind.REMOVAL) {
            throw ProblemException.conflict("not-a-removal-notice", "notice " + noticeId + " is a " + found.kind
                    + "; only removal notices are acknowledged");
        }
        // All of the request's removal notices, locked in id order: concurrent reports on one request serialise
        // without deadlocks, and the completion check below sees every other vendor's committed state.
        Notice notice = notices.lockRemovalsOf(found.requestId).stream().filter(n -> n.id.equals(noticeId)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("notice " + noticeId));
        entityManager.refresh(notice);
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
        if (state == VendorState.DISPUTED && reason == null) {
            throw ProblemException.invalidField("reasonCode", "a dispute needs a reason code: one of "
                    + List.of(DisputeReason.values()));
        }
        if (state != VendorState.DISPUTED && reason != null) {
            throw ProblemException.invalidField("reasonCode", "only a dispute has a reason code");
        }
        if (note != null && note.length() > MAX_NOTE_LENGTH) {
            throw ProblemException.invalidField("note", "at most " + MAX_NOTE_LENGTH + " characters");
        }
        Instant now = Instant.now();
        notice.vendorState = state;
        notice.vendorStateAt = now;
        String reasonCode = reason == null ? null : reason.name();
        entityManager.createNativeQuery("""
                INSERT INTO notice_acknowledgement (notice_id, state, reason_code, note, reported_by, occurred_at)
                VALUES (:notice, :state, :reason, :note, :by, :at)""")
                .setParameter("notice", noticeId)
                .setParameter("state", state.name())
                .setParameter("reason", reasonCode)
                .setParameter("note", note)
                .setParameter("by", reportedBy)
                .setParameter("at", now)
                .executeUpdate();
        outbox.publish(NoticeAcknowledged.of(notice.requestId, notice.id, vendorId, state.name(), reasonCode));
        LOG.infof("notice %s: vendor %s reports %s%s", noticeId, vendorId, state, reasonCode == null ? "" : " (" + reasonCode + ")");
        if (state == VendorState.APPLIED) {
            completion.completeIfAllApplied(notice.requestId);
        }
        return true;
    }

    /** One step of a notice's acknowledgement history, as administrators see it (with the vendor's note). */
    public record Step(String state, String reasonCode, String note, String reportedBy, Instant occurredAt) {
    }

    /** The acknowledgement history of a notice, oldest first. */
    @Transactional
    public List<Step> history(UUID noticeId) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT state, reason_code, note, reported_by, occurred_at FROM notice_acknowledgement
                WHERE notice_id = ?1 ORDER BY id""", Object[].class).setParameter(1, noticeId).getResultList();
        return rows.stream().map(r -> new Step((String) r[0], (String) r[1], (String) r[2], (String) r[3], toInstant(r[4])))
                .toList();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return null;
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
