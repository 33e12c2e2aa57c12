package org.takedown.matching.index;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.takedown.matching.ingest.ReleaseStore;

/**
 * Opens the configured release once at start-up: an ingested (published) release from
 * {@code index-root} if there is one, else the JSONL manifest at {@code path}; without either,
 * matching runs against an empty release.
 */
@ApplicationScoped
public class DatasetIndexProducer {

    private static final Logger LOG = Logger.getLogger(DatasetIndexProducer.class);

    /** A singleton, not application-scoped: the ingestion service switches releases on this very object. */
    @Produces
    @Singleton
    LiveDatasetIndex datasetIndex(DatasetConfig config) {
        return new LiveDatasetIndex(initialRelease(config));
    }

    private static DatasetIndex initialRelease(DatasetConfig config) {
        if (config.indexRoot().isPresent()) {
            ReleaseStore store = new ReleaseStore(config.indexRoot().get());
            if (store.isPublished(config.id(), config.release())) {
                LuceneDatasetIndex index = LuceneDatasetIndex.open(store.published(config.id(), config.release()),
                        config.id(), config.release());
                LOG.infof("data set %s release %s opened from %s: %d items", config.id(), config.release(),
                        store.published(config.id(), config.release()), index.size());
                return index;
            }
            LOG.warnf("release %s/%s is not published under %s (still ingesting?)", config.id(), config.release(),
                    store.root());
        }
        if (config.path().isEmpty()) {
            LOG.warnf("no data set configured (takedown.matching.dataset.path): every request will find no match");
            return JsonlDatasetIndex.empty(config.id(), config.release());
        }
        long start = System.nanoTime();
        JsonlDatasetIndex release = JsonlDatasetIndex.load(config.path().get(), config.id(), config.release());
        DatasetIndex index = config.engine() == DatasetConfig.Engine.LUCENE ? LuceneDatasetIndex.of(release) : release;
        LOG.infof("data set %s release %s loaded into %s: %d items in %d ms", config.id(), config.release(),
                config.engine(), index.size(), (System.nanoTime() - start) / 1_000_000);
        return index;
    }
}
