package org.takedown.verification.completeness;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "takedown.verification.completeness")
public interface CompletenessConfig {

    /** Claim type name → the legal elements its statements must supply. */
    Map<String, List<String>> requiredElements();
}
