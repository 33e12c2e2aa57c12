package org.takedown.intake.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.takedown.intake.status.RequestStatus;

/**
 * Takedown requests by the status the claimant sees (takedown_requests{status=...}), sampled on a
 * schedule so a scrape never waits for the database. Every status is reported, zeros included, so a
 * dashboard can tell "none" from "not measured".
 */
@ApplicationScoped
public class RequestStatusMetrics {

    private final EntityManager entityManager;
    private final MultiGauge byStatus;

    RequestStatusMetrics(EntityManager entityManager, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.byStatus = MultiGauge.builder("takedown.requests")
                .description("Takedown requests by claimant-facing status")
                .baseUnit("requests")
                .register(registry);
    }

    @Scheduled(every = "${takedown.intake.metrics-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    public void sample() {
        Map<RequestStatus, Long> counts = new EnumMap<>(RequestStatus.class);
        for (RequestStatus status : RequestStatus.values()) {
            counts.put(status, 0L);
        }
        for (Object[] row : entityManager.createQuery(
                "SELECT r.status, count(r) FROM TakedownRequest r GROUP BY r.status", Object[].class).getResultList()) {
            counts.put((RequestStatus) row[0], ((Number) row[1]).longValue());
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((status, count) -> rows.add(MultiGauge.Row.of(Tags.of("status", status.name()), count)));
        byStatus.register(rows, true);
    }
}
