package org.takedown.matching.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.takedown.events.NormalizedUrl;

/**
 * A small release held in memory, loaded from a JSONL manifest: enough for the walking skeleton's
 * exact-URL and domain matching. Rows with an unusable URL are refused with file and line.
 */
public final class JsonlDatasetIndex implements DatasetIndex {

    private final String datasetId;
    private final String releaseId;
    private final List<IndexedItem> items;
    private final Map<String, List<IndexedItem>> byUrl;

    JsonlDatasetIndex(String datasetId, String releaseId, List<IndexedItem> items) {
        this.datasetId = datasetId;
        this.releaseId = releaseId;
        this.items = List.copyOf(items);
        Map<String, List<IndexedItem>> index = new HashMap<>();
        for (IndexedItem item : items) {
            index.computeIfAbsent(item.url(), u -> new ArrayList<>(1)).add(item);
        }
        this.byUrl = index;
    }

    public static JsonlDatasetIndex empty(String datasetId, String releaseId) {
        return new JsonlDatasetIndex(datasetId, releaseId, List.of());
    }

    public static JsonlDatasetIndex load(Path manifest, String datasetId, String releaseId) {
        ObjectMapper json = new ObjectMapper();
        List<IndexedItem> items = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(manifest)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                items.add(parse(json, line, manifest, lineNumber));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data set manifest " + manifest, e);
        }
        return new JsonlDatasetIndex(datasetId, releaseId, items);
    }

    /**
     * One manifest row as an item, its URL normalised.
     *
     * @throws IllegalArgumentException naming file and line when the row is not a JSON object or has no usable URL
     */
    public static IndexedItem parse(ObjectMapper json, String line, Path manifest, long lineNumber) {
        return parseRow(json, line, manifest, lineNumber).item();
    }

    /** A manifest row: the item, and the local image path it names ({@code "image"}), if any. */
    public record Row(IndexedItem item, String image) {
    }

    /** As {@link #parse}, keeping the row's {@code "image"} (a path relative to the manifest's directory). */
    public static Row parseRow(ObjectMapper json, String line, Path manifest, long lineNumber) {
        try {
            JsonNode row = json.readTree(line);
            if (row == null || !row.isObject()) {
                throw new IllegalArgumentException(manifest + " line " + lineNumber + ": not a JSON object");
            }
            String id = row.path("id").asText(String.valueOf(lineNumber));
            Optional<String> url = NormalizedUrl.parse(row.path("url").asText(null));
            if (url.isEmpty()) {
                throw new IllegalArgumentException(manifest + " line " + lineNumber + ": \"url\" is not an http(s) URL");
            }
            JsonNode image = row.path("image");
            return new Row(new IndexedItem(id, url.get(), row.path("caption").asText(null)),
                    image.isTextual() ? image.asText() : null);
        } catch (IOException e) {
            throw new IllegalArgumentException(manifest + " line " + lineNumber + ": not a JSON object", e);
        }
    }

    /** The rows in manifest order (for building other indexes from the same release). */
    public List<IndexedItem> items() {
        return items;
    }

    @Override
    public String datasetId() {
        return datasetId;
    }

    @Override
    public String releaseId() {
        return releaseId;
    }

    @Override
    public long size() {
        return items.size();
    }

    @Override
    public List<IndexedItem> byUrl(String normalizedUrl) {
        return byUrl.getOrDefault(normalizedUrl, List.of());
    }

    @Override
    public Page byDomainOrPrefix(String domainOrPrefix, int limit) {
        boolean prefix = domainOrPrefix.contains("://");
        List<IndexedItem> hits = new ArrayList<>();
        long total = 0;
        for (IndexedItem item : items) {
            boolean hit = prefix ? item.url().startsWith(domainOrPrefix) : onDomain(NormalizedUrl.host(item.url()), domainOrPrefix);
            if (hit) {
                total++;
                if (hits.size() < limit) {
                    hits.add(item);
                }
            }
        }
        return new Page(hits, total);
    }

    private static boolean onDomain(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }
}
