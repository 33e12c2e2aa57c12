package org.takedown.propagation.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Removal notices delivered more than {@code acknowledgement-due} ago and still not reported APPLIED
 * are overdue: they are listed for administrators, and their vendor gets a reminder delivery (event
 * type {@code takedown.removal.reminder}, naming the notice, with its own {@code webhook-id}) at most
 * every {@code reminder-interval}. Reminders are counted per vendor as {@code takedown_notice_reminders_total}.
 */
@ApplicationScoped
public class OverdueNotices {

    private static final Logger LOG = Logger.getLogger(OverdueNotices.class);
    private static final int BATCH = 500;

    private final NoticeRepository notices;
    private final PropagationConfig config;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    OverdueNotices(NoticeRepository notices, PropagationConfig config, ObjectMapper json, MeterRegistry meters) {
        this.notices = notices;
        this.config = config;
        this.json = json;
        this.meters = meters;
    }

    @Scheduled(every = "${takedown.propagation.overdue-check-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        while (escalate() == BATCH) {
            // another batch is due
        }
    }

    /**
     * Marks due notices overdue and plans the reminders that are due.
     *
     * @return the overdue notices looked at (at most one batch)
     */
    @Transactional
    public int escalate() {
        Instant now = Instant.now();
        List<Notice> due = notices.getEntityManager().createQuery("""
                FROM Notice WHERE kind = :kind AND acknowledgementDueAt <= :now AND status <> :cancelled
                AND (vendorState IS NULL OR vendorState <> :applied)
                AND (lastReminderAt IS NULL OR lastReminderAt <= :remindBefore)
                ORDER BY acknowledgementDueAt""", Notice.class)
                .setParameter("kind", Notice.Kind.REMOVAL)
                .setParameter("now", now)
                .setParameter("cancelled", Notice.Status.CANCELLED)
                .setParameter("applied", VendorState.APPLIED)
                .setParameter("remindBefore", now.minus(config.reminderInterval()))
                .setMaxResults(BATCH)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED: another replica has them
                .getResultList();
        for (Notice notice : due) {
            if (notice.overdueSince == null) {
                notice.overdueSince = now;
                LOG.warnf("notice %s to %s is overdue: delivered %s, no APPLIED by %s", notice.id, notice.vendorId,
                        notice.deliveredAt, notice.acknowledgementDueAt);
            }
            notice.lastReminderAt = now;
            notice.reminderCount++;
            planReminder(notice, now);
            Counter.builder("takedown.notice.reminders").description("Reminder deliveries planned for overdue acknowledgements")
                    .tag("vendor", notice.vendorId).register(meters).increment();
        }
        return due.size();
    }

    /** Overdue notices (not APPLIED), longest overdue first. */
    @Transactional
    public List<Notice> overdue(int limit) {
        return notices.find("""
                kind = ?1 and overdueSince is not null and acknowledgementDueAt is not null and status <> ?2
                and (vendorState is null or vendorState <> ?3) order by acknowledgementDueAt, id""",
                Notice.Kind.REMOVAL, Notice.Status.CANCELLED, VendorState.APPLIED).page(0, limit).list();
    }

    private void planReminder(Notice original, Instant now) {
        NoticePayload removal = read(original.payload);
        Notice reminder = new Notice();
        reminder.id = UUID.randomUUID();
        reminder.kind = Notice.Kind.REMINDER;
        reminder.subjectNoticeId = original.id;
        reminder.requestId = original.requestId;
        reminder.vendorId = original.vendorId;
        reminder.endpointId = original.endpointId;
        reminder.endpointUrl = original.endpointUrl;
        reminder.itemCount = original.itemCount;
        reminder.payload = write(new NoticePayload.Reminder(reminder.id, NoticePayload.REMINDER, original.id,
                removal.datasetId(), removal.releaseId(), original.deliveredAt, original.acknowledgementDueAt,
                original.reminderCount, now));
        reminder.status = Notice.Status.PENDING;
        reminder.nextAttemptAt = now;
        reminder.createdAt = now;
        notices.persist(reminder);
    }

    private NoticePayload read(String body) {
        try {
            return json.readValue(body, NoticePayload.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored notice payload cannot be read", e);
        }
    }

    private String write(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reminder payload cannot be written", e);
        }
    }
}
