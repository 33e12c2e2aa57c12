package org.takedown.matching.index;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** Loads the configured release once at start-up; without one, matching runs against an empty release. */
@ApplicationScoped
public class DatasetIndexProducer {

    private static final Logger LOG = Logger.getLogger(DatasetIndexProducer.class);

    @Produces
    @ApplicationScoped
    DatasetIndex datasetIndex(DatasetConfig config) {
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
