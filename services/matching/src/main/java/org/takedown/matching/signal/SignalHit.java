package org.takedown.matching.signal;

import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.match.Signal;

/**
 * One item one signal found, with the signal's raw score (PDQ distance, BM25, cosine similarity; null for
 * signals without one), the confidence it gives the item, and a detail that explains how it was found
 * (which evidence image or text query by position, never their content); signals that need no explanation
 * (an exact URL, a domain) have neither score nor detail.
 */
public record SignalHit(IndexedItem item, Signal signal, Double score, double confidence, String detail) {

    /** A hit that explains itself (exact URL, domain): the signal's own confidence, no score, no detail. */
    public static SignalHit of(IndexedItem item, Signal signal) {
        return new SignalHit(item, signal, null, signal.confidence(), null);
    }

    public boolean explained() {
        return detail != null;
    }
}
