package org.takedown.propagation.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhook deliveries by vendor and outcome: notices per vendor and status (DELIVERED, PENDING,
 * FAILED ...) as takedown_notices{vendor,status}, and the delivery attempts made for them as
 * takedown_notice_attempts{vendor,status}. Read from the notice table on a schedule, so the figures
 * survive restarts and agree across replicas. A vendor whose PENDING attempts climb is failing.
 */
@ApplicationScoped
public class NoticeMetrics {

    private final EntityManager entityManager;
    private final MultiGauge notices;
    private final MultiGauge attempts;

    NoticeMetrics(EntityManager entityManager, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.notices = MultiGauge.builder("takedown.notices")
                .description("Removal notices by vendor and delivery status")
                .baseUnit("notices")
                .register(registry);
        this.attempts = MultiGauge.builder("takedown.notice.attempts")
                .description("Webhook delivery attempts by vendor and the notices' delivery status")
                .baseUnit("attempts")
                .register(registry);
    }

    @Scheduled(every = "${takedown.propagation.metrics-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    public void sample() {
        List<MultiGauge.Row<?>> noticeRows = new ArrayList<>();
        List<MultiGauge.Row<?>> attemptRows = new ArrayList<>();
        for (Object[] row : entityManager.createQuery(
                "SELECT n.vendorId, n.status, count(n), coalesce(sum(n.attempts), 0) FROM Notice n GROUP BY n.vendorId, n.status",
                Object[].class).getResultList()) {
            Tags tags = Tags.of("vendor", (String) row[0], "status", String.valueOf(row[1]));
            noticeRows.add(MultiGauge.Row.of(tags, ((Number) row[2]).longValue()));
            attemptRows.add(MultiGauge.Row.of(tags, ((Number) row[3]).longValue()));
        }
        notices.register(noticeRows, true);
        attempts.register(attemptRows, true);
    }
}
