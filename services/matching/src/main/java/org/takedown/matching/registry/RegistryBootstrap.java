package org.takedown.matching.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;

/**
 * Data sets and releases declared in a file ({@code takedown.matching.registry.bootstrap}): the dev stack's demo data
 * sets, or an operator's list kept in configuration. At start-up each data set is registered (details updated), each
 * release not yet on disk is ingested from its manifest (a path relative to the file; small releases only: this
 * runs before the service is ready), and each release the registry does not know yet, or knows as INGESTING, is
 * activated. A release an operator retired stays retired.
 *
 * <pre>{"datasets": [{"id": "demo-a", "name": "…", "maintainerContact": "…", "homeUrl": "…", "licenceUrl": "…",
 *   "releases": [{"id": "2026-11", "manifest": "demo-a/2026-11.jsonl"}]}]}</pre>
 */
final class RegistryBootstrap {

    private static final Logger LOG = Logger.getLogger(RegistryBootstrap.class);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record File(List<DatasetEntry> datasets) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DatasetEntry(String id, String name, String maintainerContact, String homeUrl, String licenceUrl,
                        List<ReleaseEntry> releases) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReleaseEntry(String id, String manifest) {
    }

    private RegistryBootstrap() {
    }

    static void apply(Path file, DatasetRegistry registry, Optional<ReleaseStore> store) {
        if (store.isEmpty()) {
            LOG.errorf("registry bootstrap %s ignored: it needs takedown.matching.dataset.index-root", file);
            return;
        }
        File declared;
        try {
            declared = new ObjectMapper().readValue(Files.readString(file), File.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry bootstrap " + file, e);
        }
        Path base = file.toAbsolutePath().getParent();
        for (DatasetEntry dataset : declared.datasets() == null ? List.<DatasetEntry>of() : declared.datasets()) {
            registry.register(dataset.id(), new DatasetRegistry.Details(dataset.name() == null ? dataset.id() : dataset.name(),
                    dataset.maintainerContact(), dataset.homeUrl(), dataset.licenceUrl()));
            for (ReleaseEntry release : dataset.releases() == null ? List.<ReleaseEntry>of() : dataset.releases()) {
                ReleaseStore.checkId(release.id());
                if (!store.get().isPublished(dataset.id(), release.id()) && release.manifest() != null) {
                    Path manifest = base.resolve(release.manifest()).normalize();
                    registry.ingesting(dataset.id(), release.id());
                    long rows = new ReleaseIngester(store.get(), 10_000, Long.MAX_VALUE)
                            .ingest(manifest, dataset.id(), release.id(), p -> { }).progress().goodRows();
                    LOG.infof("bootstrap: release %s/%s ingested from %s: %d rows", dataset.id(), release.id(),
                            manifest.getFileName(), rows);
                }
                if (registry.state(dataset.id(), release.id()).map(s -> s == ReleaseState.INGESTING).orElse(true)) {
                    registry.activate(dataset.id(), release.id());
                }
            }
        }
    }
}
