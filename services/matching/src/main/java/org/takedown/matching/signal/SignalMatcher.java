package org.takedown.matching.signal;

import java.util.List;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.match.Signal;

/**
 * One way of finding a request's items in a release (exact URL, domain or prefix, PDQ and its reframed and
 * cropped views, image kNN, caption text, caption meaning): a plug-in with one result shape,
 * {@link SignalHit}, so that matching merges, ranks and explains every signal the same way.
 *
 * <p>A signal splits its search of one release into independent {@link Search}es (one per evidence image,
 * one per text query, …); matching runs the searches of every signal in every release in parallel.
 * Searches only read the release and the {@link MatchQuery}: no database, no intake calls.
 */
public interface SignalMatcher {

    /** The signal this matcher finds (the first of its family for PDQ); matchers run and explain in this order. */
    Signal signal();

    /** The independent parts of this signal's search of {@code release} for {@code query}; none when it does not apply. */
    List<Search> searches(MatchQuery query, DatasetIndex release);

    /** One part of a signal's search of one release. */
    @FunctionalInterface
    interface Search {
        SignalResult run();
    }
}
