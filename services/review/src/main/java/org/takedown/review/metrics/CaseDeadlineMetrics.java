package org.takedown.review.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.takedown.review.cases.ReviewCase;

/**
 * Open cases by how close they are to their legal deadline, takedown_open_cases{due=...}:
 * {@code overdue}, {@code 3d} (due within three days), {@code 7d}, {@code 14d}, {@code later}.
 * Each case counts in exactly one bucket. Sampled on a schedule so a scrape never waits for the
 * database.
 */
@ApplicationScoped
public class CaseDeadlineMetrics {

    /** Upper bounds of the buckets after "overdue", in order; the rest is "later". */
    private static final Map<String, Duration> BUCKETS = new LinkedHashMap<>();

    static {
        BUCKETS.put("3d", Duration.ofDays(3));
        BUCKETS.put("7d", Duration.ofDays(7));
        BUCKETS.put("14d", Duration.ofDays(14));
    }

    private final EntityManager entityManager;
    private final MultiGauge openByDeadline;

    CaseDeadlineMetrics(EntityManager entityManager, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.openByDeadline = MultiGauge.builder("takedown.open.cases")
                .description("Open review cases by time left to their deadline")
                .baseUnit("cases")
                .register(registry);
    }

    @Scheduled(every = "${takedown.review.metrics-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    public void sample() {
        Instant now = Instant.now();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        long below = openDueBefore(now);
        rows.add(MultiGauge.Row.of(Tags.of("due", "overdue"), below));
        for (Map.Entry<String, Duration> bucket : BUCKETS.entrySet()) {
            long upTo = openDueBefore(now.plus(bucket.getValue()));
            rows.add(MultiGauge.Row.of(Tags.of("due", bucket.getKey()), upTo - below));
            below = upTo;
        }
        rows.add(MultiGauge.Row.of(Tags.of("due", "later"), openDueBefore(Instant.MAX) - below));
        openByDeadline.register(rows, true);
    }

    private long openDueBefore(Instant bound) {
        String query = bound == Instant.MAX
                ? "SELECT count(c) FROM ReviewCase c WHERE c.status = :open"
                : "SELECT count(c) FROM ReviewCase c WHERE c.status = :open AND c.dueAt < :bound";
        var typed = entityManager.createQuery(query, Long.class).setParameter("open", ReviewCase.Status.OPEN);
        if (bound != Instant.MAX) {
            typed.setParameter("bound", bound);
        }
        return typed.getSingleResult();
    }
}
