package org.takedown.matching.index;

/** One row of a data set release: its id within the release, its normalised URL, its caption. */
public record IndexedItem(String itemId, String url, String caption) {
}
