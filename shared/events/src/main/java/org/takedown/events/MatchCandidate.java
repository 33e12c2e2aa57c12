package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One data set item that may be what the claimant asked about, with the signals that hit.
 *
 * @param itemId     the item's id within its data set release
 * @param url        the item's public URL as the data set lists it
 * @param caption    the item's public caption, if the data set has one
 * @param signals    which signals hit, e.g. {@code EXACT_URL}
 * @param confidence combined confidence in [0, 1]
 * @param scores     the raw score and explanation of each signal that has one (empty when none has)
 * @param pdq        the item's PDQ hash as the release indexed it (64 hex digits), or null if it has none;
 *                   a perceptual hash of a public data set image, not personal data of the claimant
 * @param datasetId  the data set of the item; null in events from before matching searched several releases
 *                   (then the event's {@link MatchesFound#datasetId()})
 * @param releaseId  the release of the item, likewise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MatchCandidate(String itemId, String url, String caption, List<String> signals, double confidence,
        List<SignalScore> scores, String pdq, String datasetId, String releaseId) {

    public MatchCandidate {
        signals = List.copyOf(signals);
        scores = scores == null ? List.of() : List.copyOf(scores);
    }

    public MatchCandidate(String itemId, String url, String caption, List<String> signals, double confidence,
            List<SignalScore> scores, String pdq) {
        this(itemId, url, caption, signals, confidence, scores, pdq, null, null);
    }

    public MatchCandidate(String itemId, String url, String caption, List<String> signals, double confidence,
            List<SignalScore> scores) {
        this(itemId, url, caption, signals, confidence, scores, null);
    }

    public MatchCandidate(String itemId, String url, String caption, List<String> signals, double confidence) {
        this(itemId, url, caption, signals, confidence, List.of(), null);
    }

    /** The candidate's data set: its own, or for events from before several releases, the event's. */
    public String datasetIn(MatchesFound event) {
        return datasetId != null ? datasetId : event.datasetId();
    }

    /** The candidate's release: its own, or for events from before several releases, the event's. */
    public String releaseIn(MatchesFound event) {
        return releaseId != null ? releaseId : event.releaseId();
    }
}
