package org.takedown.matching.ingest;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.takedown.matching.hash.HashingConfig;
import org.takedown.matching.hash.ImageHashing;
import org.takedown.matching.index.DatasetConfig;
import org.takedown.matching.index.LiveDatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.registry.DatasetRegistry;
import jakarta.inject.Inject;
import org.takedown.matching.embed.EmbeddingModels;

/**
 * Runs ingestions for the admin API, one at a time, in the background. When a release of the data
 * set the service serves is published, the service switches to it at once ({@link LiveDatasetIndex}):
 * requests see the old release until the new one is complete. Set
 * {@code takedown.matching.dataset.release} to it as well, so that a restart serves it too.
 */
@ApplicationScoped
public class IngestionService {

    private static final Logger LOG = Logger.getLogger(IngestionService.class);

    /** Why a start was refused; the resource maps each to a problem type. */
    public enum Refusal {
        NOT_CONFIGURED, NO_SUCH_MANIFEST, ALREADY_PUBLISHED, ALREADY_RUNNING
    }

    /** A refused start. */
    public static final class RefusedException extends RuntimeException {
        private final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final Optional<Path> inbox;
    private final Optional<ReleaseStore> store;
    private final int checkpointRows;
    private final String servedDataset;
    private final LiveDatasetIndex live;
    private final ImageHashing images;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "release-ingestion");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final boolean localFeatures;

    /** The service's embedders; null: nothing is embedded during ingestion. */
    private final EmbeddingModels embeddings;
    private final DatasetRegistry registry;

    /** Without embeddings: images are hashed, not embedded, and captions are indexed for BM25 only. */
    public IngestionService(IngestConfig ingest, DatasetConfig dataset, LiveDatasetIndex live, HashingConfig hashing) {
        this(ingest, dataset, live, hashing, null);
    }

    public IngestionService(IngestConfig ingest, DatasetConfig dataset, LiveDatasetIndex live, HashingConfig hashing,
                            EmbeddingModels embeddings) {
        this(ingest, dataset, live, hashing, embeddings, null);
    }

    /** {@code registry}: told when a release starts ingesting and when it is published (null: nothing is registered). */
    @Inject
    public IngestionService(IngestConfig ingest, DatasetConfig dataset, LiveDatasetIndex live, HashingConfig hashing,
                            EmbeddingModels embeddings, DatasetRegistry registry) {
        this.registry = registry;
        this.embeddings = embeddings;
        this.images = new ImageHashing(hashing.maxImageBytes(), hashing.maxPixels());
        this.inbox = ingest.inbox().map(p -> p.toAbsolutePath().normalize());
        this.store = dataset.indexRoot().map(ReleaseStore::new);
        this.checkpointRows = ingest.checkpointRows();
        this.localFeatures = ingest.localFeatures();
        this.servedDataset = dataset.id();
        this.live = live;
    }

    /** One ingestion's state; {@code status} is replaced as it progresses. */
    private static final class Job {
        final AtomicBoolean stop = new AtomicBoolean();
        volatile IngestionStatus status;
    }

    /**
     * Starts (or resumes from its checkpoint) the ingestion of {@code manifestName}, a file in the
     * inbox (a JSONL manifest, a {@code .tar} shard, a {@code .parquet} file) or a directory of
     * {@code .tar} shards or of Parquet files (with optional {@code img_emb/}) there,
     * as {@code datasetId/releaseId}.
     */
    public IngestionStatus start(String datasetId, String releaseId, String manifestName) {
        return start(datasetId, releaseId, manifestName, false);
    }

    /**
     * As {@link #start(String, String, String)}; with {@code captionEmbeddings} every caption is also
     * embedded (all-MiniLM-L6-v2, ~5-10 ms per caption on one core) for CAPTION_SEMANTIC. Images are
     * embedded whenever an image encoder is configured.
     */
    public IngestionStatus start(String datasetId, String releaseId, String manifestName, boolean captionEmbeddings) {
        ReleaseStore.checkId(datasetId);
        ReleaseStore.checkId(releaseId);
        if (inbox.isEmpty() || store.isEmpty()) {
            throw new RefusedException(Refusal.NOT_CONFIGURED, "ingestion needs takedown.matching.ingest.inbox and "
                    + "takedown.matching.dataset.index-root to be configured");
        }
        Path manifest = inbox.get().resolve(ReleaseStore.checkId(manifestName)).normalize();
        if (!manifest.getParent().equals(inbox.get())
                || !(Files.isRegularFile(manifest) || Files.isDirectory(manifest))) {
            throw new RefusedException(Refusal.NO_SUCH_MANIFEST, "no manifest named '" + manifestName + "' in the inbox");
        }
        if (store.get().isPublished(datasetId, releaseId)) {
            throw new RefusedException(Refusal.ALREADY_PUBLISHED, "release " + datasetId + "/" + releaseId
                    + " is already published; releases are immutable");
        }
        String key = datasetId + "/" + releaseId;
        Job job = new Job();
        job.status = new IngestionStatus(datasetId, releaseId, IngestionStatus.State.RUNNING, 0, 0, 0, 0, 0, null,
                false, null, List.of());
        Job running = jobs.compute(key, (k, old) ->
                old != null && old.status.state() == IngestionStatus.State.RUNNING ? old : job);
        if (running != job) {
            throw new RefusedException(Refusal.ALREADY_RUNNING, "release " + key + " is being ingested");
        }
        if (registry != null) {
            registry.ingesting(datasetId, releaseId);
        }
        worker.submit(() -> run(job, manifest, datasetId, releaseId, captionEmbeddings));
        return job.status;
    }

    /** Asks a running ingestion to stop at once with a checkpoint; a later start resumes it. */
    public Optional<IngestionStatus> stop(String datasetId, String releaseId) {
        Job job = jobs.get(datasetId + "/" + releaseId);
        if (job == null) {
            return Optional.empty();
        }
        job.stop.set(true);
        return Optional.of(job.status);
    }

    public Optional<IngestionStatus> status(String datasetId, String releaseId) {
        return Optional.ofNullable(jobs.get(datasetId + "/" + releaseId)).map(j -> j.status);
    }

    private void run(Job job, Path manifest, String datasetId, String releaseId, boolean captionEmbeddings) {
        ReleaseIngester ingester = new ReleaseIngester(store.orElseThrow(), checkpointRows, 1_000_000_000L, images)
                .localFeatures(localFeatures);
        if (embeddings != null) {
            ingester.embedding(embeddings.forIngestion(captionEmbeddings));
        }
        try {
            IngestResult result = ingester.ingest(manifest, datasetId, releaseId,
                    p -> job.status = IngestionStatus.of(p, IngestionStatus.State.RUNNING, false, null, List.of()),
                    job.stop::get);
            boolean serving = false;
            String replaced = null;
            if (datasetId.equals(servedDataset)) {
                replaced = live.switchTo(LuceneDatasetIndex.open(result.releaseDir(), datasetId, releaseId)).releaseId();
                serving = true;
            }
            if (registry != null) {
                registry.published(datasetId, releaseId, result.progress().goodRows(), serving ? replaced : null);
            }
            job.status = IngestionStatus.of(result.progress(), IngestionStatus.State.PUBLISHED, serving, null,
                    result.badRowSamples());
            LOG.infof("release %s/%s published: %d rows, %d bad%s", datasetId, releaseId, result.progress().goodRows(),
                    result.progress().badRows(), serving ? "; now serving it" : "");
        } catch (IngestionInterruptedException e) {
            job.status = IngestionStatus.of(e.checkpoint(), IngestionStatus.State.STOPPED, false, e.getMessage(), List.of());
            LOG.infof("%s", e.getMessage());
        } catch (RuntimeException e) {
            IngestionStatus last = job.status;
            job.status = new IngestionStatus(datasetId, releaseId, IngestionStatus.State.FAILED, last.percent(),
                    last.lines(), last.goodRows(), last.badRows(), 0, null, false, e.getMessage(), List.of());
            LOG.errorf("ingestion of %s/%s failed: %s", datasetId, releaseId, e.getMessage());
        }
    }

    @PreDestroy
    void shutdown() {
        jobs.values().forEach(j -> j.stop.set(true));
        worker.shutdown();
    }
}
