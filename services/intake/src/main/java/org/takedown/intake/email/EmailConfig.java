package org.takedown.intake.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "takedown.intake.email")
public interface EmailConfig {

    /**
     * Whether a request waits in AWAITING_CONFIRMATION until its address is confirmed (and is purged
     * if it never is); false submits it for processing at once (tests of the later stages).
     */
    @WithDefault("true")
    boolean confirmationRequired();

    /** How long a confirmation link works. */
    @WithDefault("PT72H")
    Duration confirmationValidity();

    /** How often queued mails are sent (read by the {@code @Scheduled} expression of {@link MailSender}). */
    @WithDefault("2s")
    String sendInterval();

    /** Mails sent per run of the sending job. */
    @WithDefault("50")
    int batchSize();

    /** Attempts before a mail is given up (and logged, without the address). */
    @WithDefault("20")
    int maxAttempts();
}
