package org.takedown.matching.signal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.match.Signal;

/** {@code EXACT_URL}: items whose normalised URL is one the request names. */
@ApplicationScoped
public class UrlMatcher implements SignalMatcher {

    @Override
    public Signal signal() {
        return Signal.EXACT_URL;
    }

    @Override
    public List<Search> searches(MatchQuery query, DatasetIndex release) {
        if (query.request().imageUrls().isEmpty()) {
            return List.of();
        }
        return List.of(() -> {
            List<SignalHit> hits = new ArrayList<>();
            for (String url : query.request().imageUrls()) {
                for (IndexedItem item : release.byUrl(url)) {
                    hits.add(SignalHit.of(item, Signal.EXACT_URL));
                }
            }
            return SignalResult.of(hits);
        });
    }
}
