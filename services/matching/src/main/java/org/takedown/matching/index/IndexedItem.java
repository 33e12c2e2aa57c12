package org.takedown.matching.index;

/**
 * One row of a data set release: its id within the release, its normalised URL, its caption, and
 * its image's PDQ hash (64 hex digits) when the release has a matchable one (quality at least 50), else null.
 */
public record IndexedItem(String itemId, String url, String caption, String pdq) {

    /** A row without an image hash. */
    public IndexedItem(String itemId, String url, String caption) {
        this(itemId, url, caption, null);
    }
}
