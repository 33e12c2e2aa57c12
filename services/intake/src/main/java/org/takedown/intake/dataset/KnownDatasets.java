package org.takedown.intake.dataset;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The data sets of matching's registry, as a claimant may name them in a request ({@code datasets}): read from
 * matching's public list and kept for {@link #MAX_AGE}. When matching cannot be asked and nothing is known yet,
 * {@link #all()} is empty and names are taken as they are (a submission is never refused because another
 * service is away; matching searches only data sets it has).
 */
@ApplicationScoped
public class KnownDatasets {

    static final Duration MAX_AGE = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(KnownDatasets.class);

    private final MatchingDatasetsClient matching;
    private volatile Snapshot snapshot;

    KnownDatasets(@RestClient MatchingDatasetsClient matching) {
        this.matching = matching;
    }

    private record Snapshot(Map<String, String> names, Instant readAt) {
    }

    /** Id → name of every registered data set, in the registry's order; empty when matching could not be asked. */
    public Optional<Map<String, String>> all() {
        Snapshot current = snapshot;
        Instant now = Instant.now();
        if (current != null && current.readAt().plus(MAX_AGE).isAfter(now)) {
            return Optional.of(current.names());
        }
        try {
            Map<String, String> names = new LinkedHashMap<>();
            for (MatchingDatasetsClient.Dataset dataset : matching.list()) {
                names.put(dataset.id(), dataset.name() == null ? dataset.id() : dataset.name());
            }
            snapshot = new Snapshot(java.util.Collections.unmodifiableMap(names), now);
            return Optional.of(names);
        } catch (RuntimeException e) {
            // An older list is better than none; with none, names are not checked.
            LOG.warnf("matching's data set list could not be read (%s); %s", e.getClass().getSimpleName(),
                    current == null ? "data set names are not checked" : "using the list of " + current.readAt());
            return current == null ? Optional.empty() : Optional.of(current.names());
        }
    }

    /** The names among {@code ids} that the registry does not have; none when the registry could not be read. */
    public List<String> unknown(List<String> ids) {
        return all().map(known -> ids.stream().filter(id -> !known.containsKey(id)).toList()).orElse(List.of());
    }
}
