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
    private final OpenSearchConfig config;

    OpenSearchReleases(OpenSearchConfig config) {
        this.http = config.hosts().filter(h -> !h.isEmpty()).map(h -> new OpenSearchHttp(h, new ObjectMapper(), config.access()));
        this.prefix = config.indexPrefix();
        this.config = config;
    }

    /** Whether a release published only under the index root is written into OpenSearch when it is activated. */
    public boolean publishesOnActivate() {
        return http.isPresent() && config.publishOnActivate();
    }

    /** Writes the release published in {@code releaseDir} into its OpenSearch index and opens it there. */
    public OpenSearchDatasetIndex publish(java.nio.file.Path releaseDir, String datasetId, String releaseId) {
        OpenSearchHttp cluster = http.orElseThrow(() -> new IllegalStateException("no OpenSearch cluster is configured"));
        long started = System.nanoTime();
        OpenSearchDatasetIndex index = OpenSearchPublisher.publish(releaseDir, cluster, prefix, datasetId, releaseId,
                config.shards(), config.replicas());
        LOG.infof("release %s/%s written to OpenSearch index %s on activation: %d items, %d shards, in %d ms", datasetId,
                releaseId, index.index(), index.size(), config.shards(), (System.nanoTime() - started) / 1_000_000);
        return index;
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
