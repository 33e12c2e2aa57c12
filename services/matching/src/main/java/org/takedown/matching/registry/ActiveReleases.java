package org.takedown.matching.registry;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.LiveDatasetIndex;

/**
 * The releases every request is matched against, held open in memory: the configured release
 * ({@code takedown.matching.dataset.*}, switchable by ingestion) and every release the registry
 * activated. A request takes one {@link #snapshot} and runs against exactly those releases, even if
 * one is activated or retired meanwhile.
 *
 * <p>A retired release is not closed: a request may still be reading it (see {@link LiveDatasetIndex}).
 */
@Singleton
public class ActiveReleases {

    private final LiveDatasetIndex configured;
    private volatile boolean configuredSearched;
    private final Map<String, DatasetIndex> activated = new ConcurrentHashMap<>();
    private final Set<String> retired = ConcurrentHashMap.newKeySet();

    public ActiveReleases(LiveDatasetIndex configured) {
        this.configured = configured;
    }

    /** Searches {@code release} alone (benchmarks and tests of matching without the registry). */
    public static ActiveReleases serving(DatasetIndex release) {
        ActiveReleases releases = new ActiveReleases(new LiveDatasetIndex(release));
        releases.searchConfigured();
        return releases;
    }

    public static String key(String datasetId, String releaseId) {
        return datasetId + "/" + releaseId;
    }

    public static String key(DatasetIndex release) {
        return key(release.datasetId(), release.releaseId());
    }

    /** The configured release is searched from now on (the registry seeded it). */
    void searchConfigured() {
        configuredSearched = true;
    }

    /** The configured release, as it is now (ingestion may have switched it). */
    public DatasetIndex configured() {
        return configured.snapshot();
    }

    void activate(DatasetIndex release) {
        retired.remove(key(release));
        activated.put(key(release), release);
    }

    /** Stops searching {@code datasetId/releaseId}; returns whether it was searched. */
    boolean retire(String datasetId, String releaseId) {
        String key = key(datasetId, releaseId);
        boolean wasConfigured = configuredSearched && key.equals(key(configured.snapshot())) && !retired.contains(key);
        retired.add(key);
        return activated.remove(key) != null || wasConfigured;
    }

    boolean isOpen(String datasetId, String releaseId) {
        return activated.containsKey(key(datasetId, releaseId));
    }

    /**
     * The releases to search now, in a stable order (the configured release first, then the others by data set and
     * release id): every active one, or only those of {@code datasets} when it names any. Each release once, even
     * if it is both configured and activated.
     */
    public List<DatasetIndex> snapshot(Collection<String> datasets) {
        Map<String, DatasetIndex> releases = new LinkedHashMap<>();
        DatasetIndex current = configured.snapshot();
        if (configuredSearched && !retired.contains(key(current))) {
            releases.put(key(current), current);
        }
        activated.values().stream().sorted(Comparator.comparing(ActiveReleases::key))
                .forEach(release -> releases.putIfAbsent(key(release), release));
        List<DatasetIndex> chosen = new ArrayList<>();
        for (DatasetIndex release : releases.values()) {
            if (datasets == null || datasets.isEmpty() || datasets.contains(release.datasetId())) {
                chosen.add(release);
            }
        }
        return chosen;
    }

    /** The open release {@code datasetId/releaseId}, if it is searched. */
    public Optional<DatasetIndex> find(String datasetId, String releaseId) {
        String key = key(datasetId, releaseId);
        return snapshot(List.of()).stream().filter(r -> key(r).equals(key)).findFirst();
    }
}
