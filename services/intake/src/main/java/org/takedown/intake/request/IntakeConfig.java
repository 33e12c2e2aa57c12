package org.takedown.intake.request;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "takedown.intake")
public interface IntakeConfig {

    /** Where claimants reach this service, for the status link in receipts and e-mails. */
    @WithDefault("http://localhost:8081")
    String publicUrl();

    /** Most image URLs one request may list. */
    @WithDefault("10000")
    int maxImageUrls();
}
