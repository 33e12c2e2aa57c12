package org.takedown.matching.index.opensearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The releases kept in the configured OpenSearch cluster ({@link OpenSearchConfig}): whether one is there, and
 * opening it. A release is there once {@code opensearch-publish} (or {@link OpenSearchReleaseWriter}) wrote it.
 */
@ApplicationScoped
public class OpenSearchReleases {

    private static final Logger LOG = Logger.getLogger(OpenSearchReleases.class);

    private final Optional<OpenSearchHttp> http;
    private final String prefix;

    OpenSearchReleases(OpenSearchConfig config) {
        this.http = config.hosts().filter(h -> !h.isEmpty()).map(h -> new OpenSearchHttp(h, new ObjectMapper()));
        this.prefix = config.indexPrefix();
    }

    /** Whether an OpenSearch cluster is configured. */
    public boolean configured() {
        return http.isPresent();
    }

    /** The release's index when OpenSearch is configured and holds it. */
    public Optional<OpenSearchDatasetIndex> open(String datasetId, String releaseId) {
        if (http.isEmpty() || !http.get().exists(ReleaseMapping.indexName(prefix, datasetId, releaseId))) {
            return Optional.empty();
        }
        OpenSearchDatasetIndex index = OpenSearchDatasetIndex.open(http.get(), prefix, datasetId, releaseId);
        LOG.infof("release %s/%s opened from OpenSearch index %s: %d items", datasetId, releaseId, index.index(), index.size());
        return Optional.of(index);
    }
}
