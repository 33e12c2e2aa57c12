package org.takedown.matching.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.takedown.matching.index.DatasetConfig;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.events.ReleaseActivated;
import org.takedown.matching.ingest.ReleaseStore;
import org.takedown.messaging.Outbox;
import org.takedown.web.ProblemException;

/**
 * The data sets matching knows and their releases (tables {@code dataset}, {@code dataset_release}),
 * and the bridge to what is searched ({@link ActiveReleases}): activating a release opens its index
 * and every later request is matched against it too; retiring one stops that.
 *
 * <p>The configured release ({@code takedown.matching.dataset.id/.release}) is the registry's seed:
 * registered and ACTIVE at start-up unless an operator retired it. Every replica re-reads the
 * ACTIVE set every {@code takedown.matching.registry.refresh-seconds}, so an activation made through
 * one replica reaches the others without a restart.
 *
 * <p>Each activation publishes {@link ReleaseActivated} in the transaction that records it: when a release becomes
 * ACTIVE (seed, ingestion of the configured data set, bootstrap or admin), and again whenever an admin activates an
 * ACTIVE release (its consumers are idempotent per release; an operator may use it to run the carry-over again).
 */
@ApplicationScoped
public class DatasetRegistry {

    private static final Logger LOG = Logger.getLogger(DatasetRegistry.class);

    private final EntityManager em;
    private final ActiveReleases active;
    private final DatasetConfig config;
    private final RegistryConfig registryConfig;
    private final Optional<ReleaseStore> store;
    private final org.takedown.matching.index.opensearch.OpenSearchReleases openSearch;
    private final Outbox outbox;
    private ScheduledExecutorService refresher;

    DatasetRegistry(EntityManager em, ActiveReleases active, DatasetConfig config, RegistryConfig registryConfig,
                    org.takedown.matching.index.opensearch.OpenSearchReleases openSearch, Outbox outbox) {
        this.em = em;
        this.openSearch = openSearch;
        this.outbox = outbox;
        this.active = active;
        this.config = config;
        this.registryConfig = registryConfig;
        this.store = config.indexRoot().map(ReleaseStore::new);
    }

    /** What a data set's registration says about it; public facts only. */
    public record Details(String name, String maintainerContact, String homeUrl, String licenceUrl) {
    }

    public record ReleaseView(String id, ReleaseState state, Long itemCount, String backend, Instant registeredAt,
                              Instant activatedAt, Instant retiredAt) {
    }

    public record DatasetView(String id, String name, String maintainerContact, String homeUrl, String licenceUrl,
                              Instant registeredAt, List<ReleaseView> releases) {
    }

    void onStart(@Observes StartupEvent start) {
        seedConfiguredRelease();
        registryConfig.bootstrap().ifPresent(file -> RegistryBootstrap.apply(file, this, store));
        refresh();
        int seconds = registryConfig.refreshSeconds();
        if (seconds > 0) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "release-registry-refresh");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::refreshQuietly, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** Registers the configured release as ACTIVE, unless there is none or an operator retired it. */
    private void seedConfiguredRelease() {
        DatasetIndex configured = active.configured();
        boolean published = store.isPresent() && store.get().isPublished(config.id(), config.release());
        if (!published && config.path().isEmpty()) {
            LOG.infof("no configured release to seed the registry with (takedown.matching.dataset.*)");
            return;
        }
        String backend = published ? DatasetRelease.LUCENE : DatasetRelease.MEMORY;
        ReleaseState state = QuarkusTransaction.requiringNew().call(() -> {
            ensureDataset(configured.datasetId());
            DatasetRelease release = em.find(DatasetRelease.class,
                    new DatasetRelease.Key(configured.datasetId(), configured.releaseId()));
            Instant now = Instant.now();
            if (release == null) {
                release = newRelease(configured.datasetId(), configured.releaseId(), backend, now);
                em.persist(release);
            }
            release.itemCount = configured.size();
            if (release.state == ReleaseState.INGESTING) {
                release.state = ReleaseState.ACTIVE;
                release.activatedAt = now;
                announce(release);
            }
            return release.state;
        });
        if (state == ReleaseState.ACTIVE) {
            active.searchConfigured();
            LOG.infof("configured release %s/%s is ACTIVE in the registry (%d items, %s)", configured.datasetId(),
                    configured.releaseId(), configured.size(), backend);
        } else {
            LOG.warnf("configured release %s/%s is %s in the registry: not searched", configured.datasetId(),
                    configured.releaseId(), state);
        }
    }

    /**
     * Brings the searched releases in line with the table: opens ACTIVE releases published under this
     * service's index root that are not open yet, and stops searching those retired meanwhile.
     */
    public void refresh() {
        List<DatasetRelease> rows = QuarkusTransaction.requiringNew().call(() ->
                em.createQuery("from DatasetRelease r where r.state <> :ingesting", DatasetRelease.class)
                        .setParameter("ingesting", ReleaseState.INGESTING).getResultList());
        for (DatasetRelease row : rows) {
            String ds = row.key.datasetId;
            String rel = row.key.releaseId;
            if (row.state == ReleaseState.RETIRED) {
                if (active.retire(ds, rel)) {
                    LOG.infof("release %s/%s retired: no longer searched", ds, rel);
                }
            } else if (row.state == ReleaseState.ACTIVE && DatasetRelease.LUCENE.equals(row.backend)
                    && !active.isOpen(ds, rel) && !isConfigured(ds, rel)) {
                if (store.isEmpty() || !store.get().isPublished(ds, rel)) {
                    LOG.warnf("release %s/%s is ACTIVE but not published under this service's index root: not searched",
                            ds, rel);
                    continue;
                }
                active.activate(open(ds, rel));
            } else if (row.state == ReleaseState.ACTIVE && DatasetRelease.OPENSEARCH.equals(row.backend)
                    && !active.isOpen(ds, rel) && !isConfigured(ds, rel)) {
                java.util.Optional<? extends DatasetIndex> index = openSearch.open(ds, rel);
                if (index.isEmpty()) {
                    LOG.warnf("release %s/%s is ACTIVE in OpenSearch but its index is not there: not searched", ds, rel);
                    continue;
                }
                active.activate(index.get());
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("registry refresh failed (will retry): %s", e.getMessage());
        }
    }

    private boolean isConfigured(String datasetId, String releaseId) {
        return ActiveReleases.key(active.configured()).equals(ActiveReleases.key(datasetId, releaseId));
    }

    /** The state of a release, if it is registered. */
    public Optional<ReleaseState> state(String datasetId, String releaseId) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(
                em.find(DatasetRelease.class, new DatasetRelease.Key(datasetId, releaseId))).map(r -> r.state));
    }

    public List<DatasetView> list() {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("from Dataset d order by d.id", Dataset.class)
                .getResultList().stream().map(this::view).toList());
    }

    public Optional<DatasetView> find(String datasetId) {
        return QuarkusTransaction.requiringNew().call(() ->
                Optional.ofNullable(em.find(Dataset.class, datasetId)).map(this::view));
    }

    /** Registers a data set or updates its details; true when it was new. */
    public boolean register(String datasetId, Details details) {
        ReleaseStore.checkId(datasetId);
        return QuarkusTransaction.requiringNew().call(() -> {
            Dataset dataset = em.find(Dataset.class, datasetId);
            boolean created = dataset == null;
            if (created) {
                dataset = new Dataset();
                dataset.id = datasetId;
                dataset.registeredAt = Instant.now();
            }
            dataset.name = details.name();
            dataset.maintainerContact = details.maintainerContact();
            dataset.homeUrl = details.homeUrl();
            dataset.licenceUrl = details.licenceUrl();
            if (created) {
                em.persist(dataset);
            }
            LOG.infof("data set %s %s", datasetId, created ? "registered" : "updated");
            return created;
        });
    }

    /** Registers a release as INGESTING (before its ingestion); true when it was new. */
    public boolean registerRelease(String datasetId, String releaseId) {
        ReleaseStore.checkId(releaseId);
        return QuarkusTransaction.requiringNew().call(() -> {
            requireDataset(datasetId);
            if (em.find(DatasetRelease.class, new DatasetRelease.Key(datasetId, releaseId)) != null) {
                return false;
            }
            em.persist(newRelease(datasetId, releaseId, DatasetRelease.LUCENE, Instant.now()));
            return true;
        });
    }

    /**
     * Called when an ingestion starts: registers its release as INGESTING, and its data set (named by
     * its id) if no one registered it before.
     */
    public void ingesting(String datasetId, String releaseId) {
        QuarkusTransaction.requiringNew().run(() -> {
            ensureDataset(datasetId);
            if (em.find(DatasetRelease.class, new DatasetRelease.Key(datasetId, releaseId)) == null) {
                em.persist(newRelease(datasetId, releaseId, DatasetRelease.LUCENE, Instant.now()));
            }
        });
    }

    /**
     * Called when an ingestion published its release: records the item count. {@code replacedRelease}: ingestion
     * switched the configured data set from that release to this one, so this one is ACTIVE now and that one
     * RETIRED (null: not the configured data set; the release waits for its activation).
     */
    public void published(String datasetId, String releaseId, long itemCount, String replacedRelease) {
        boolean served = replacedRelease != null;
        QuarkusTransaction.requiringNew().run(() -> {
            ensureDataset(datasetId);
            DatasetRelease.Key key = new DatasetRelease.Key(datasetId, releaseId);
            DatasetRelease release = em.find(DatasetRelease.class, key);
            if (release == null) {
                release = newRelease(datasetId, releaseId, DatasetRelease.LUCENE, Instant.now());
                em.persist(release);
            }
            release.itemCount = itemCount;
            if (served && release.state == ReleaseState.INGESTING) {
                release.state = ReleaseState.ACTIVE;
                release.activatedAt = Instant.now();
                announce(release);
            }
            DatasetRelease old = served && !replacedRelease.equals(releaseId)
                    ? em.find(DatasetRelease.class, new DatasetRelease.Key(datasetId, replacedRelease)) : null;
            if (old != null && old.state == ReleaseState.ACTIVE) {
                old.state = ReleaseState.RETIRED;
                old.retiredAt = Instant.now();
            }
        });
        if (served) {
            active.searchConfigured();
        }
    }

    /**
     * Makes a published release ACTIVE: every later request is matched against it as well. Registers the
     * release if it was not; activating an ACTIVE release again changes nothing.
     */
    public ReleaseView activate(String datasetId, String releaseId) {
        ReleaseStore.checkId(releaseId);
        DatasetRelease current = QuarkusTransaction.requiringNew().call(() -> {
            requireDataset(datasetId);
            return em.find(DatasetRelease.class, new DatasetRelease.Key(datasetId, releaseId));
        });
        if (current != null && current.state == ReleaseState.RETIRED) {
            throw ProblemException.conflict("release-retired", "release " + datasetId + "/" + releaseId
                    + " is retired; a retired release is not activated again (ingest a new release id)");
        }
        DatasetIndex index;
        String backend = current == null ? DatasetRelease.LUCENE : current.backend;
        java.util.Optional<? extends DatasetIndex> inOpenSearch;
        if (isConfigured(datasetId, releaseId) && current != null && current.state == ReleaseState.ACTIVE) {
            index = active.configured();
        } else if (active.isOpen(datasetId, releaseId)) {
            index = active.find(datasetId, releaseId).orElseThrow();
        } else if ((inOpenSearch = openSearch.open(datasetId, releaseId)).isPresent()) {
            // Published to the configured OpenSearch cluster: served from there, not from the index root.
            index = inOpenSearch.get();
            backend = DatasetRelease.OPENSEARCH;
        } else {
            if (store.isEmpty() || !store.get().isPublished(datasetId, releaseId)) {
                throw ProblemException.conflict("release-not-published", "release " + datasetId + "/" + releaseId
                        + " is not published under the index root; ingest it first");
            }
            if (openSearch.publishesOnActivate()) {
                try {
                    index = openSearch.publish(store.get().published(datasetId, releaseId), datasetId, releaseId);
                } catch (org.takedown.matching.index.opensearch.OpenSearchHttp.OpenSearchException
                        | java.io.UncheckedIOException e) {
                    throw new ProblemException(503, "opensearch-unavailable", "OpenSearch is unavailable",
                            "release " + datasetId + "/" + releaseId + " could not be written to OpenSearch ("
                                    + e.getMessage() + "); it stays as it was: check the cluster and activate it again",
                            java.util.List.of());
                }
                backend = DatasetRelease.OPENSEARCH;
            } else {
                index = open(datasetId, releaseId);
                backend = DatasetRelease.LUCENE;
            }
        }
        long items = index.size();
        String servedFrom = backend;
        ReleaseView view = QuarkusTransaction.requiringNew().call(() -> {
            DatasetRelease.Key key = new DatasetRelease.Key(datasetId, releaseId);
            DatasetRelease release = em.find(DatasetRelease.class, key);
            Instant now = Instant.now();
            if (release == null) {
                release = newRelease(datasetId, releaseId, servedFrom, now);
                em.persist(release);
            }
            release.backend = servedFrom;
            if (release.state != ReleaseState.ACTIVE) {
                release.state = ReleaseState.ACTIVE;
                release.activatedAt = now;
            }
            release.itemCount = items;
            announce(release);
            return view(release);
        });
        if (!isConfigured(datasetId, releaseId)) {
            active.activate(index);
        }
        LOG.infof("release %s/%s ACTIVE: %d items searched for every request", datasetId, releaseId, items);
        return view;
    }

    /** Retires a release: no later request is matched against it. Retiring it again changes nothing. */
    public ReleaseView retire(String datasetId, String releaseId) {
        ReleaseView view = QuarkusTransaction.requiringNew().call(() -> {
            requireDataset(datasetId);
            DatasetRelease release = em.find(DatasetRelease.class, new DatasetRelease.Key(datasetId, releaseId));
            if (release == null) {
                throw ProblemException.notFound("release " + datasetId + "/" + releaseId);
            }
            if (release.state != ReleaseState.RETIRED) {
                release.state = ReleaseState.RETIRED;
                release.retiredAt = Instant.now();
            }
            return view(release);
        });
        active.retire(datasetId, releaseId);
        LOG.infof("release %s/%s RETIRED: no longer searched", datasetId, releaseId);
        return view;
    }

    /** Publishes the release's activation with the transaction that records it. */
    private void announce(DatasetRelease release) {
        outbox.publish(ReleaseActivated.of(release.key.datasetId, release.key.releaseId,
                release.itemCount == null ? 0 : release.itemCount, release.activatedAt));
    }

    private DatasetIndex open(String datasetId, String releaseId) {
        Path dir = store.orElseThrow().published(datasetId, releaseId);
        LuceneDatasetIndex index = LuceneDatasetIndex.open(dir, datasetId, releaseId);
        LOG.infof("release %s/%s opened from %s: %d items", datasetId, releaseId, dir, index.size());
        return index;
    }

    private Dataset requireDataset(String datasetId) {
        Dataset dataset = em.find(Dataset.class, datasetId);
        if (dataset == null) {
            throw ProblemException.notFound("data set " + datasetId);
        }
        return dataset;
    }

    private void ensureDataset(String datasetId) {
        if (em.find(Dataset.class, datasetId) == null) {
            Dataset dataset = new Dataset();
            dataset.id = datasetId;
            dataset.name = datasetId;
            dataset.registeredAt = Instant.now();
            em.persist(dataset);
        }
    }

    private static DatasetRelease newRelease(String datasetId, String releaseId, String backend, Instant now) {
        DatasetRelease release = new DatasetRelease();
        release.key = new DatasetRelease.Key(datasetId, releaseId);
        release.state = ReleaseState.INGESTING;
        release.backend = backend;
        release.registeredAt = now;
        return release;
    }

    private DatasetView view(Dataset dataset) {
        List<ReleaseView> releases = new ArrayList<>(em.createQuery(
                        "from DatasetRelease r where r.key.datasetId = :id", DatasetRelease.class)
                .setParameter("id", dataset.id).getResultList().stream().map(DatasetRegistry::view).toList());
        releases.sort(Comparator.comparing(ReleaseView::id));
        return new DatasetView(dataset.id, dataset.name, dataset.maintainerContact, dataset.homeUrl, dataset.licenceUrl,
                dataset.registeredAt, releases);
    }

    private static ReleaseView view(DatasetRelease release) {
        return new ReleaseView(release.key.releaseId, release.state, release.itemCount, release.backend,
                release.registeredAt, release.activatedAt, release.retiredAt);
    }
}
