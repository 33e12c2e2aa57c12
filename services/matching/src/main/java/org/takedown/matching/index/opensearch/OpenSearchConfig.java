package org.takedown.matching.index.opensearch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Where releases kept in OpenSearch are served from (ADR 018); without hosts every release is embedded. */
@ConfigMapping(prefix = "takedown.matching.opensearch")
public interface OpenSearchConfig {

    /** The nodes' HTTP addresses, e.g. {@code http://opensearch:9200}; none: no OpenSearch backend. */
    Optional<List<String>> hosts();

    /** The start of every index and alias name matching writes ({@code <prefix>-<data set>--<release>-<digest>}). */
    @WithDefault("takedown")
    String indexPrefix();
}
