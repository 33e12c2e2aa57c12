package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A data set item that a decision removes.
 *
 * @param itemId the item's id within its data set release
 * @param url    the item's public URL as the data set lists it
 * @param pdq    the item's PDQ hash (64 hex digits) as matching found it in the release, or null; vendors
 *               use it to find re-hosted copies of the same picture
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemovalItem(String itemId, String url, String pdq) {

    public RemovalItem(String itemId, String url) {
        this(itemId, url, null);
    }
}
