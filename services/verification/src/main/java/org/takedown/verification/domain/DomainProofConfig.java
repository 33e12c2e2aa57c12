package org.takedown.verification.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "takedown.verification.domain-proof")
public interface DomainProofConfig {

    /** How long after issuing the token we keep checking before rejecting the request. */
    @WithDefault("P7D")
    Duration window();

    /** How often pending proofs are checked (a scheduler expression such as {@code 5m}). */
    @WithDefault("5m")
    String checkInterval();

    /** Where the well-known file is fetched; {@code {domain}} is replaced by the ASCII host. */
    @WithDefault("https://{domain}/.well-known/takedown-verification.txt")
    String wellKnownUrl();

    @WithDefault("_takedown-verification")
    String dnsRecordPrefix();

    @WithDefault("PT10S")
    Duration httpTimeout();

    @WithDefault("PT5S")
    Duration dnsTimeout();

    @WithDefault("3")
    int maxRedirects();
}
