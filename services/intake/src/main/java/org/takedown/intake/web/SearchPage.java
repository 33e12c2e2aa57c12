package org.takedown.intake.web;

import io.quarkus.qute.TemplateData;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.takedown.events.NormalizedUrl;
import org.takedown.intake.search.MatchingSearchClient;

/**
 * The pre-filing search page (ADR 025): the caption query and, once searched, what each ACTIVE release holds.
 * Every item is a checkbox whose value {@code <data set> <item URL>} ("pick") the form page turns back into the
 * request's image URLs and data sets.
 */
@TemplateData
public record SearchPage(String query, boolean searched, String error, List<Release> releases) {

    @TemplateData
    public record Release(String datasetId, String releaseId, long more, List<Item> items) {
    }

    @TemplateData
    public record Item(String id, String url, String caption, String pick) {
    }

    static SearchPage empty(String query) {
        return new SearchPage(query == null ? "" : query, false, null, List.of());
    }

    static SearchPage failed(String query, String error) {
        return new SearchPage(query, false, error, List.of());
    }

    static SearchPage of(String query, MatchingSearchClient.Results results) {
        List<Release> releases = results.releases().stream().filter(r -> r.items() != null && !r.items().isEmpty())
                .map(r -> {
                    List<Item> items = new java.util.ArrayList<>();
                    for (MatchingSearchClient.Hit hit : r.items()) {
                        items.add(new Item("pick-" + r.datasetId() + "-" + items.size(), hit.url(), hit.caption(),
                                r.datasetId() + " " + hit.url()));
                    }
                    return new Release(r.datasetId(), r.releaseId(), Math.max(0, r.total() - items.size()), items);
                })
                .toList();
        return new SearchPage(query, true, null, releases);
    }

    /** Whether anything was found. */
    public boolean found() {
        return !releases.isEmpty();
    }

    /**
     * The form's fields for the items ticked on the search page: their URLs (one a line) and their data sets. A pick
     * that is not {@code <data set id> <http(s) URL>} is left out: the link is anyone's to make.
     */
    static Map<String, String> picked(List<String> picks) {
        Set<String> urls = new LinkedHashSet<>();
        Set<String> datasets = new LinkedHashSet<>();
        for (String pick : picks == null ? List.<String>of() : picks.stream().limit(100).toList()) {
            String[] parts = pick.strip().split(" ", 2);
            if (parts.length == 2 && parts[0].matches("[A-Za-z0-9._-]{1,100}") && NormalizedUrl.parse(parts[1].strip()).isPresent()) {
                datasets.add(parts[0]);
                urls.add(parts[1].strip());
            }
        }
        if (urls.isEmpty()) {
            return Map.of();
        }
        return Map.of("imageUrls", String.join("\n", urls), "datasets", String.join("\n", datasets));
    }
}
