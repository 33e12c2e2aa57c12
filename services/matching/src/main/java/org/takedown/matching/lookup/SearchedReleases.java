package org.takedown.matching.lookup;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.registry.ActiveReleases;
import org.takedown.matching.registry.DatasetRegistry;
import org.takedown.matching.registry.ReleaseState;
import org.takedown.web.ProblemException;

/** The releases other services may ask about: those this replica searches (ACTIVE ones). */
@ApplicationScoped
public class SearchedReleases {

    private final ActiveReleases releases;
    private final DatasetRegistry registry;

    SearchedReleases(ActiveReleases releases, DatasetRegistry registry) {
        this.releases = releases;
        this.registry = registry;
    }

    /**
     * The release, if this replica searches it. A release ACTIVE in the registry that this replica has not opened yet
     * (it was activated through another one, and the periodic refresh has not come) is opened now; if it cannot be,
     * the answer is 503, so that the caller tries again rather than giving up on a release that exists.
     */
    public DatasetIndex open(String dataset, String release) {
        Optional<DatasetIndex> open = releases.find(dataset, release);
        if (open.isPresent()) {
            return open.get();
        }
        if (registry.state(dataset, release).orElse(null) != ReleaseState.ACTIVE) {
            throw ProblemException.notFound("searched release " + dataset + "/" + release);
        }
        registry.refresh();
        return releases.find(dataset, release).orElseThrow(() -> new ProblemException(503, "release-not-open",
                "Release not open yet", "release " + dataset + "/" + release + " is ACTIVE but not open on this replica yet",
                List.of()));
    }
}
