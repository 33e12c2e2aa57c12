package org.takedown.intake.crypto;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** Secrets of intake. No defaults: a deployment must supply them (Kubernetes Secret, dev stack profile). */
@ConfigMapping(prefix = "takedown.intake.crypto")
public interface IntakeCryptoConfig {

    /** AES-256 keys by id, base64. */
    Map<String, String> keys();

    /** The key that seals new data. */
    String currentKeyId();

    /** Base64 pepper of the pseudonymous claimant reference (at least 128 bits). */
    String claimantRefPepper();
}
