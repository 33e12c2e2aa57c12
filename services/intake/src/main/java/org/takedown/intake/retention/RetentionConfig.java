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

    /** Requests handled per run and kind. */
    @WithDefault("100")
    int batchSize();
}
