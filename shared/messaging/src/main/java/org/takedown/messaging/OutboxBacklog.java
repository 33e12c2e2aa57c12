package org.takedown.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * How far the relay is behind: rows waiting in this service's outbox and the age of the oldest.
 * Sampled on a schedule, not on each metrics scrape, so a slow or unreachable database never
 * holds up a scrape; the services publish the two figures as gauges. A growing backlog means
 * Kafka is unreachable or refusing (the relay logs why); see docs/operations.md. Parked rows
 * (ADR 012) are counted apart: they wait for a person, not for Kafka.
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);

    private final AgroalDataSource dataSource;
    private final String table;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();

    OutboxBacklog(AgroalDataSource dataSource, MessagingConfig config) {
        this.dataSource = dataSource;
        this.table = SqlNames.qualified(config.schema(), "outbox_event");
    }

    /** Rows parked because Kafka refuses them for good (and the rows held behind them), at the last sample. */
    public long parked() {
        return parked.get();
    }

    /** Live rows not yet acknowledged by Kafka, at the last sample. */
    public long events() {
        return events.get();
    }

    /** Age in seconds of the oldest waiting row at the last sample; 0 when the outbox is empty. */
    public double oldestAgeSeconds() {
        return oldestAgeMillis.get() / 1000.0;
    }

    @Scheduled(every = "${takedown.messaging.backlog-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void sample() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FILTER (WHERE parked_at IS NULL),"
                             + " coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)) * 1000, 0),"
                             + " count(*) FILTER (WHERE parked_at IS NOT NULL) FROM " + table);
             ResultSet row = query.executeQuery()) {
            row.next();
            events.set(row.getLong(1));
            oldestAgeMillis.set(row.getLong(2));
            parked.set(row.getLong(3));
        } catch (SQLException e) {
            // Keep the last figures: the datasource readiness check already reports the outage.
            LOG.debugf("outbox backlog not sampled: %s", e.getMessage());
        }
    }
}
