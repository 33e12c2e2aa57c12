package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A data set item that a decision removes.
 *
 * @param itemId the item's id within its data set release
 * @param url    the item's public URL as the data set lists it
 * @param pdq    the item's PDQ hash (64 hex digits) as matching found it in the release, or null; vendors
 *               use it to find re-hosted copies of the same picture
 * @param datasetId the item's data set (a decision may span several); null in events from before matching
 *                  searched several releases: then the decision's {@link ReviewDecided#datasetId()}
 * @param releaseId the item's release, likewise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemovalItem(String itemId, String url, String pdq, String datasetId, String releaseId) {

    public RemovalItem(String itemId, String url, String pdq) {
        this(itemId, url, pdq, null, null);
    }

    public RemovalItem(String itemId, String url) {
        this(itemId, url, null);
    }

    /** The item's data set: its own, or for events from before several releases, the decision's. */
    public String datasetIn(ReviewDecided decision) {
        return datasetId != null ? datasetId : decision.datasetId();
    }

    /** The item's release: its own, or for events from before several releases, the decision's. */
    public String releaseIn(ReviewDecided decision) {
        return releaseId != null ? releaseId : decision.releaseId();
    }
}
