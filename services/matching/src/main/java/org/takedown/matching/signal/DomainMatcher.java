package org.takedown.matching.signal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.match.MatchingConfig;
import org.takedown.matching.match.Signal;

/**
 * {@code DOMAIN} and {@code URL_PREFIX} (bulk opt-out): every item on a domain the request names or its
 * subdomains, or under a URL prefix it names; at most {@code max-candidates} per domain, the rest counted.
 */
@ApplicationScoped
public class DomainMatcher implements SignalMatcher {

    private final MatchingConfig config;

    public DomainMatcher(MatchingConfig config) {
        this.config = config;
    }

    @Override
    public Signal signal() {
        return Signal.DOMAIN;
    }

    @Override
    public List<Search> searches(MatchQuery query, DatasetIndex release) {
        List<Search> searches = new ArrayList<>();
        for (String domain : query.request().domains()) {
            searches.add(() -> {
                Signal signal = domain.contains("://") ? Signal.URL_PREFIX : Signal.DOMAIN;
                DatasetIndex.Page page = release.byDomainOrPrefix(domain, config.maxCandidates());
                List<SignalHit> hits = page.items().stream()
                        .map(item -> SignalHit.of(item, signal))
                        .toList();
                return SignalResult.of(hits, page.total() - page.items().size());
            });
        }
        return searches;
    }
}
