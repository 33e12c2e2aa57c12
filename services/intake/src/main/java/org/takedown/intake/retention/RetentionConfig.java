package org.takedown.intake.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "takedown.intake.retention")
public interface RetentionConfig {

    /** Requests whose e-mail address was never confirmed are purged (every row) after this long. */
    @WithDefault("PT72H")
    Duration unconfirmedAfter();

    /** Personal data of a closed request is erased this long after it closed (java.time.Duration, e.g. P180D). */
    @WithDefault("P180D")
    Duration afterClose();

    /** How often the job runs (read by the {@code @Scheduled} expression of {@link RetentionJob}). */
    @WithDefault("1h")
    String interval();

    /**
     * Requests handled per transaction and kind; a run repeats batches until nothing is due, so this
     * bounds a transaction, not a run.
     */
    @WithDefault("100")
    int batchSize();

    /**
     * A request whose purge or erasure is later than its deadline by more than this counts as overdue
     * ({@code takedown_retention_overdue}); two runs of the job by default.
     */
    @WithDefault("PT2H")
    Duration overdueAfter();

    /** How often the overdue gauge is refreshed between runs (read by the {@code @Scheduled} expression). */
    @WithDefault("5m")
    String overdueRefresh();
}
