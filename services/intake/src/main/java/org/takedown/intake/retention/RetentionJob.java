package org.takedown.intake.retention;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;
import org.takedown.intake.status.RequestStatus;

/**
 * Keeps personal data only as long as needed: a request whose address was never confirmed is purged
 * with every row after {@link RetentionConfig#unconfirmedAfter()}; a closed request keeps only its
 * pseudonymous status and timeline after {@link RetentionConfig#afterClose()} — contact data,
 * statements, free-text queries, evidence images, messages, replies and mail texts are deleted.
 * The evidence access log stays: it names no one but staff and services, and cannot be changed.
 *
 * <p>Each run works in batches of {@link RetentionConfig#batchSize()} requests, each batch its own
 * transaction, and repeats them until nothing is due: a fixed number per run fell behind silently
 * once more requests came due per hour. What is still due after its deadline plus
 * {@link RetentionConfig#overdueAfter()} is the gauge {@code takedown_retention_overdue{kind}}, alerted on
 * (docs/operations.md).
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    public static final String PERSONAL_DATA_ERASED = "PERSONAL_DATA_ERASED";

    private static final List<String> CLOSED = java.util.Arrays.stream(RequestStatus.values())
            .filter(RequestStatus::closed).map(Enum::name).toList();

    private final EntityManager entityManager;
    private final RetentionConfig config;
    private final AtomicLong overdueUnconfirmed = new AtomicLong();
    private final AtomicLong overdueClosed = new AtomicLong();

    RetentionJob(EntityManager entityManager, RetentionConfig config, Instance<MeterRegistry> registries) {
        this.entityManager = entityManager;
        this.config = config;
        if (registries.isResolvable()) {
            for (var kind : List.of(Map.entry("unconfirmed", overdueUnconfirmed), Map.entry("closed", overdueClosed))) {
                Gauge.builder("takedown.retention.overdue", kind.getValue(), AtomicLong::get)
                        .description("Requests whose purge (unconfirmed) or erasure of personal data (closed) is overdue")
                        .tag("kind", kind.getKey())
                        .register(registries.get());
            }
        }
    }

    @Scheduled(every = "${takedown.intake.retention.interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        run();
    }

    /**
     * Purges and erases in batches until nothing is due, then refreshes the overdue gauge.
     *
     * @return how many requests were purged and erased
     */
    public int run() {
        int handled = untilNothingIsDue(this::purgeUnconfirmed) + untilNothingIsDue(this::eraseClosed);
        refreshOverdue();
        return handled;
    }

    private int untilNothingIsDue(IntSupplier batch) {
        int total = 0;
        int handled;
        do {
            handled = batch.getAsInt();
            total += handled;
        } while (handled == config.batchSize());
        return total;
    }

    /** Counts what is due for longer than {@link RetentionConfig#overdueAfter()}: the job is not keeping up (or not running). */
    @Scheduled(every = "${takedown.intake.retention.overdue-refresh:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void refreshOverdue() {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            overdueUnconfirmed.set(count("status = 'AWAITING_CONFIRMATION' AND created_at < :before",
                    now.minus(config.unconfirmedAfter()).minus(config.overdueAfter())));
            overdueClosed.set(count("status IN (:closed) AND closed_at < :before AND personal_data_erased_at IS NULL",
                    now.minus(config.afterClose()).minus(config.overdueAfter())));
        });
    }

    /** Overdue requests of one kind ({@code unconfirmed} or {@code closed}) at the last refresh. */
    public long overdue(String kind) {
        return "unconfirmed".equals(kind) ? overdueUnconfirmed.get() : overdueClosed.get();
    }

    private long count(String where, Instant before) {
        var query = entityManager.createNativeQuery("SELECT count(*) FROM takedown_request WHERE " + where);
        if (where.contains(":closed")) {
            query.setParameter("closed", CLOSED);
        }
        return ((Number) query.setParameter("before", Timestamp.from(before)).getSingleResult()).longValue();
    }

    /** One batch. @return how many requests were purged */
    public int purgeUnconfirmed() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> ids = lock("status = 'AWAITING_CONFIRMATION' AND created_at < :before",
                    Instant.now().minus(config.unconfirmedAfter()));
            if (!ids.isEmpty()) {
                // Targets, timeline, images, mails, messages and replies go with it (ON DELETE CASCADE).
                entityManager.createNativeQuery("DELETE FROM takedown_request WHERE id IN (:ids)")
                        .setParameter("ids", ids).executeUpdate();
                LOG.infof("retention: %d unconfirmed requests purged", ids.size());
            }
            return ids.size();
        });
    }

    /** One batch. @return how many requests had their personal data erased */
    public int eraseClosed() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> ids = lock("status IN (:closed) AND closed_at < :before AND personal_data_erased_at IS NULL",
                    Instant.now().minus(config.afterClose()));
            if (ids.isEmpty()) {
                return 0;
            }
            Timestamp now = Timestamp.from(Instant.now());
            for (String table : List.of("evidence_image", "evidence_hash", "request_message", "claimant_reply")) {
                entityManager.createNativeQuery("DELETE FROM " + table + " WHERE request_id IN (:ids)")
                        .setParameter("ids", ids).executeUpdate();
            }
            entityManager.createNativeQuery("DELETE FROM request_target WHERE request_id IN (:ids) AND kind = 'TEXT_QUERY'")
                    .setParameter("ids", ids).executeUpdate();
            entityManager.createNativeQuery("UPDATE claimant_mail SET body_sealed = NULL, code_sealed = NULL WHERE request_id IN (:ids)")
                    .setParameter("ids", ids).executeUpdate();
            entityManager.createNativeQuery("""
                    UPDATE takedown_request SET email_sealed = NULL, name_sealed = NULL, statements_sealed = NULL,
                           pending_question = NULL, personal_data_erased_at = :now, updated_at = :now, version = version + 1
                    WHERE id IN (:ids)""").setParameter("now", now).setParameter("ids", ids).executeUpdate();
            entityManager.createNativeQuery("""
                    INSERT INTO status_change (request_id, status, note, occurred_at)
                    SELECT id, status, :note, :now FROM takedown_request WHERE id IN (:ids)""")
                    .setParameter("note", PERSONAL_DATA_ERASED).setParameter("now", now).setParameter("ids", ids)
                    .executeUpdate();
            LOG.infof("retention: personal data of %d closed requests erased", ids.size());
            return ids.size();
        });
    }

    @SuppressWarnings("unchecked")
    private List<UUID> lock(String where, Instant before) {
        var query = entityManager.createNativeQuery("SELECT id FROM takedown_request WHERE " + where
                + " ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED");
        if (where.contains(":closed")) {
            query.setParameter("closed", CLOSED);
        }
        return (List<UUID>) query.setParameter("before", Timestamp.from(before)).setParameter("limit", config.batchSize())
                .getResultList();
    }
}
