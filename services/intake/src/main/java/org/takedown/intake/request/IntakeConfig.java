package org.takedown.intake.request;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "takedown.intake")
public interface IntakeConfig {

    /** Where claimants reach this service, for the status link in receipts and e-mails. */
    @WithDefault("http://localhost:8081")
    String publicUrl();

    /**
     * Most image URLs one request may list. Each becomes work for matching and a line in
     * {@code requests.submitted}; with {@link #maxTargetBytes()} it keeps that event a safe size (ADR 012).
     */
    @WithDefault("5000")
    int maxImageUrls();

    /**
     * Most bytes (UTF-8, after normalisation) the image URLs and domains of one request may take
     * together. They travel in {@code requests.submitted}, which must stay well under the broker's
     * {@code max.message.bytes} (1 MiB by default): 512 KiB of targets make an event of at most
     * ~545 KB with every other field at its limit (ADR 012). Raise it only with the topic's limit.
     */
    @WithDefault("524288")
    int maxTargetBytes();
}
