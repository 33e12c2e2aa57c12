package org.takedown.matching.index;

import java.util.List;

/**
 * One searchable data set release. The embedded implementation serves a developer machine and
 * tests; at LAION scale the same contract moves to a distributed engine.
 */
public interface DatasetIndex {

    String datasetId();

    String releaseId();

    long size();

    /** Items whose normalised URL equals {@code normalizedUrl}. */
    List<IndexedItem> byUrl(String normalizedUrl);

    /**
     * Items on {@code domain} or its subdomains, or, for a URL prefix, under that prefix; at most
     * {@code limit}, with the total in {@link Page#total()}.
     */
    Page byDomainOrPrefix(String domainOrPrefix, int limit);

    /** The release to run one request against; a switchable index answers with its current one. */
    default DatasetIndex snapshot() {
        return this;
    }

    record Page(List<IndexedItem> items, long total) {
    }
}
