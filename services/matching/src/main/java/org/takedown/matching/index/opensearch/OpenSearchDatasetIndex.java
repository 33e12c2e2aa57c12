package org.takedown.matching.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.takedown.matching.embed.MiniLmCaptionEmbedder;
import org.takedown.matching.embed.VectorModel;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.pdq.FrameViews;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;

/**
 * A release in an OpenSearch index ({@link ReleaseMapping}, ADR 018), answering exactly as the embedded
 * {@link org.takedown.matching.index.LuceneDatasetIndex} does: the same items in the same order (release order
 * where the embedded index uses it, kept as the {@code ord} field), the same PDQ hits (candidates by chunk terms,
 * then the exact distance here), the same BM25 scores (statistics over all shards: {@code dfs_query_then_fetch})
 * and the same vector neighbours (HNSW candidates re-ranked by the exact cosine of the stored vectors).
 *
 * <p>One difference, on purpose: captions are folded to ASCII, so {@code cafe} also finds {@code café}.
 */
public final class OpenSearchDatasetIndex implements DatasetIndex {

    /** HNSW candidates per vector search, re-ranked exactly: as the embedded index (docs/benchmarks.md). */
    static final int KNN_CANDIDATES = 400;
    /** OpenSearch's default {@code index.max_result_window}: caption pages end there. */
    static final int RESULT_WINDOW = 10_000;
    private static final int PAGE = 1_000;
    /**
     * OpenSearch's "BM25" is Lucene's LegacyBM25Similarity: Lucene's BM25 times (1 + k1), k1 = 1.2 by default. Scores
     * are divided by it (and the minimum multiplied) so that callers see the embedded index's scores and thresholds;
     * the order is the same, the scores agree to a float rounding (ADR 018).
     */
    static final float LEGACY_BM25_FACTOR = 1f + 1.2f;
    private static final String[] ITEM_FIELDS = {ReleaseMapping.ORD, ReleaseMapping.ID, ReleaseMapping.URL,
            ReleaseMapping.CAPTION, ReleaseMapping.PDQ, ReleaseMapping.PDQ_QUALITY};

    private final OpenSearchHttp http;
    private final ObjectMapper json;
    private final String datasetId;
    private final String releaseId;
    private final String index;
    private final long size;
    private final long hashedItems;
    private final Optional<VectorModel> imageModel;
    private final Optional<VectorModel> captionModel;
    /** Whether the index keeps its hashes as doc values for the in-cluster check (indexes written before do not). */
    private final boolean pdqWords;

    private OpenSearchDatasetIndex(OpenSearchHttp http, String datasetId, String releaseId, String index,
                                   Optional<VectorModel> imageModel, Optional<VectorModel> captionModel, boolean pdqWords) {
        this.http = http;
        this.pdqWords = pdqWords;
        this.json = http.json();
        this.datasetId = datasetId;
        this.releaseId = releaseId;
        this.index = index;
        this.imageModel = imageModel;
        this.captionModel = captionModel;
        ObjectNode all = json.createObjectNode();
        all.putObject("match_all");
        this.size = count(all);
        ObjectNode matchable = json.createObjectNode();
        matchable.putObject("term").put(ReleaseMapping.MATCHABLE, true);
        this.hashedItems = count(matchable);
    }

    /** Opens a release written by {@link OpenSearchReleaseWriter}. */
    public static OpenSearchDatasetIndex open(OpenSearchHttp http, String prefix, String datasetId, String releaseId) {
        String index = ReleaseMapping.indexName(prefix, datasetId, releaseId);
        JsonNode meta = http.send("GET", index + "/_mapping", null).path(index).path("mappings").path("_meta");
        if (!datasetId.equals(meta.path("dataset").asText()) || !releaseId.equals(meta.path("release").asText())) {
            throw new IllegalStateException("index " + index + " holds " + meta.path("dataset").asText() + "/"
                    + meta.path("release").asText() + ", not " + datasetId + "/" + releaseId);
        }
        return new OpenSearchDatasetIndex(http, datasetId, releaseId, index,
                model(meta, VectorModel.IMAGE_MODEL, VectorModel.IMAGE_DIMS),
                model(meta, VectorModel.CAPTION_MODEL, VectorModel.CAPTION_DIMS),
                meta.path(ReleaseMapping.PDQ_WORDS_META).asBoolean(false));
    }

    private static Optional<VectorModel> model(JsonNode meta, String idKey, String dimsKey) {
        return meta.hasNonNull(idKey) ? Optional.of(new VectorModel(meta.path(idKey).asText(), meta.path(dimsKey).asInt()))
                : Optional.empty();
    }

    /**
     * The same release read as before the in-cluster check: every chunk-term candidate fetched and checked in Java.
     * The baseline of {@code OpenSearchPdqBench}; not for serving.
     */
    OpenSearchDatasetIndex checkingInJava() {
        return new OpenSearchDatasetIndex(http, datasetId, releaseId, index, imageModel, captionModel, false);
    }

    /** The release's index. */
    public String index() {
        return index;
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
        return size;
    }

    @Override
    public long hashedItems() {
        return hashedItems;
    }

    @Override
    public Optional<VectorModel> imageModel() {
        return imageModel;
    }

    @Override
    public Optional<VectorModel> captionModel() {
        return captionModel;
    }

    @Override
    public List<IndexedItem> byUrl(String normalizedUrl) {
        ObjectNode query = json.createObjectNode();
        query.putObject("term").put(ReleaseMapping.URL, normalizedUrl);
        List<IndexedItem> items = new ArrayList<>();
        inOrder(query, Long.MAX_VALUE, ITEM_FIELDS, hit -> items.add(item(hit)));
        return items;
    }

    @Override
    public Page byDomainOrPrefix(String domainOrPrefix, int limit) {
        ObjectNode query = json.createObjectNode();
        if (domainOrPrefix.contains("://")) {
            query.putObject("prefix").put(ReleaseMapping.URL, domainOrPrefix);
        } else {
            query.putObject("term").put(ReleaseMapping.DOMAIN, domainOrPrefix);
        }
        long total = count(query);
        List<IndexedItem> items = new ArrayList<>();
        if (limit > 0 && total > 0) {
            inOrder(query, limit, ITEM_FIELDS, hit -> items.add(item(hit)));
        }
        return new Page(items, total);
    }

    @Override
    public List<PdqHit> byPdq(Map<Dihedral, PdqHash> variants, int maxDistance) {
        return byPdq(variants, maxDistance, PdqScope.WITH_VIEWS);
    }

    /**
     * Candidates: items sharing a chunk term with any variant (of their own hash, or, {@link PdqScope#WITH_VIEWS},
     * of their views); then each candidate's exact distance, reported as the embedded index does: through its own
     * hash when that is within the distance, else through its nearest view (the first stored of equally near ones),
     * each hash by its nearest variant (the first in {@link Dihedral} order of equally near ones); nearest first, then
     * items hit through their own hash, then release order.
     */
    @Override
    public List<PdqHit> byPdq(Map<Dihedral, PdqHash> variants, int maxDistance, PdqScope scope) {
        if (maxDistance < 0) {
            throw new IllegalArgumentException("maxDistance must be at least 0, got " + maxDistance);
        }
        if (variants.isEmpty() || hashedItems == 0) {
            return List.of();
        }
        int radius = Math.min(maxDistance, ReleaseMapping.MAX_PDQ_DISTANCE);
        Set<String> terms = ReleaseMapping.queryTerms(variants);
        ObjectNode query = json.createObjectNode();
        ObjectNode bool = query.putObject("bool");
        ArrayNode should = bool.putArray("should");
        termsQuery(should.addObject(), ReleaseMapping.PDQ_OWN_CHUNKS, terms);
        if (scope == PdqScope.WITH_VIEWS) {
            termsQuery(should.addObject(), ReleaseMapping.PDQ_VIEW_CHUNKS, terms);
        }
        bool.put("minimum_should_match", 1);
        if (pdqWords) {
            bool.putArray("filter").add(pdqFilter(variants, radius, scope));
        }
        List<Candidate> found = new ArrayList<>();
        String[] fields = {ReleaseMapping.ORD, ReleaseMapping.ID, ReleaseMapping.URL, ReleaseMapping.CAPTION,
                ReleaseMapping.PDQ, ReleaseMapping.PDQ_QUALITY, ReleaseMapping.VIEWS};
        inOrder(query, Long.MAX_VALUE, fields, hit -> {
            Candidate candidate = check(hit, variants, radius, scope);
            if (candidate != null) {
                found.add(candidate);
            }
        });
        found.sort(Comparator.comparingInt((Candidate c) -> c.hit().distance())
                .thenComparing(c -> c.hit().itemFrame() != FrameViews.Frame.FULL)
                .thenComparingLong(Candidate::ord));
        return found.stream().map(Candidate::hit).toList();
    }

    private record Candidate(long ord, PdqHit hit) {
    }

    /** The exact check in the cluster ({@link ReleaseMapping#PDQ_FILTER}): only the terms' candidates within the radius. */
    private ObjectNode pdqFilter(Map<Dihedral, PdqHash> variants, int radius, PdqScope scope) {
        ObjectNode script = json.createObjectNode();
        ObjectNode inner = script.putObject("script").putObject("script");
        inner.put("lang", "painless");
        inner.put("source", ReleaseMapping.PDQ_FILTER);
        ObjectNode params = inner.putObject("params");
        params.put("r", radius);
        ArrayNode words = params.putArray("q");
        for (PdqHash hash : variants.values()) {
            for (int w = 0; w < 4; w++) {
                words.add(hash.word(w));
            }
        }
        ArrayNode slots = params.putArray("slots");
        slots.add(ReleaseMapping.slot(-1));
        if (scope == PdqScope.WITH_VIEWS) {
            for (int view = 0; view < ReleaseMapping.VIEW_SLOTS; view++) {
                slots.add(ReleaseMapping.slot(view));
            }
        }
        return script;
    }

    /** The nearest variant of a hash: its distance and which variant. */
    private record Nearest(int distance, Dihedral variant) {
    }

    private static Nearest nearest(PdqHash hash, Map<Dihedral, PdqHash> variants) {
        Nearest best = null;
        for (Map.Entry<Dihedral, PdqHash> variant : variants.entrySet()) {
            int d = hash.hamming(variant.getValue());
            if (best == null || d < best.distance() || (d == best.distance() && variant.getKey().compareTo(best.variant()) < 0)) {
                best = new Nearest(d, variant.getKey());
            }
        }
        return best;
    }

    private Candidate check(JsonNode hit, Map<Dihedral, PdqHash> variants, int radius, PdqScope scope) {
        JsonNode source = hit.path("_source");
        IndexedItem item = item(hit);
        int quality = source.path(ReleaseMapping.PDQ_QUALITY).asInt();
        if (source.hasNonNull(ReleaseMapping.PDQ) && quality >= PdqResult.MIN_RECOMMENDED_QUALITY) {
            Nearest own = nearest(PdqHash.parse(source.path(ReleaseMapping.PDQ).asText()), variants);
            if (own.distance() <= radius) {
                return new Candidate(ord(hit), new PdqHit(item, own.distance(), own.variant(), quality, FrameViews.Frame.FULL));
            }
        }
        if (scope != PdqScope.WITH_VIEWS) {
            return null;
        }
        PdqHit best = null;
        for (JsonNode view : source.path(ReleaseMapping.VIEWS)) {
            int q = view.path("q").asInt();
            if (q < PdqResult.MIN_RECOMMENDED_QUALITY) {
                continue;
            }
            Nearest near = nearest(PdqHash.parse(view.path("h").asText()), variants);
            if (near.distance() <= radius && (best == null || near.distance() < best.distance())) {
                best = new PdqHit(item, near.distance(), near.variant(), q, FrameViews.Frame.ofCode(view.path("f").asInt()));
            }
        }
        return best == null ? null : new Candidate(ord(hit), best);
    }

    private static void termsQuery(ObjectNode clause, String field, Set<String> terms) {
        ArrayNode values = clause.putObject("terms").putArray(field);
        terms.forEach(values::add);
    }

    @Override
    public ScoredPage byCaptionText(String text, int offset, int limit, double minScore) {
        if (text == null || offset < 0 || limit <= 0) {
            return new ScoredPage(List.of(), 0);
        }
        ObjectNode body = json.createObjectNode();
        ObjectNode match = body.putObject("query").putObject("match").putObject(ReleaseMapping.CAPTION);
        match.put("query", text);
        match.put("operator", "and");
        body.put("min_score", (float) (minScore * LEGACY_BM25_FACTOR));
        body.put("track_total_hits", true);
        body.put("track_scores", true);
        ArrayNode sort = body.putArray("sort");
        sort.addObject().put("_score", "desc");
        sort.addObject().put(ReleaseMapping.ORD, "asc");
        int size = (int) Math.max(0, Math.min(limit, (long) RESULT_WINDOW - offset));
        body.put("from", Math.min(offset, RESULT_WINDOW));
        body.put("size", size);
        sourceFields(body, ITEM_FIELDS);
        JsonNode hits = http.send("POST", index + "/_search?search_type=dfs_query_then_fetch", body).path("hits");
        List<ScoredHit> found = new ArrayList<>();
        for (JsonNode hit : hits.path("hits")) {
            // Scores are floats; their shortest decimal text read as a double and narrowed is the float again.
            float score = (float) hit.path("_score").asDouble();
            found.add(new ScoredHit(item(hit), score / LEGACY_BM25_FACTOR));
        }
        return new ScoredPage(found, hits.path("total").path("value").asLong());
    }

    /** @throws IllegalArgumentException if {@code vector}'s dimensions differ from the release's image vectors */
    @Override
    public List<VectorHit> imageNeighbours(float[] vector, int k) {
        if (imageModel.isEmpty() || k <= 0) {
            return List.of();
        }
        return nearest(ReleaseMapping.IMAGE_KNN, ReleaseMapping.IMAGE_VECTOR, imageModel.get(), vector, k);
    }

    /** Embeds {@code text} with all-MiniLM-L6-v2 when the release's caption vectors come from it. */
    @Override
    public List<VectorHit> semanticCaptions(String text, int k) {
        if (captionModel.isEmpty() || k <= 0 || text == null || text.isBlank()
                || !captionModel.get().id().equals(MiniLmCaptionEmbedder.MODEL_ID)) {
            return List.of();
        }
        return captionNeighbours(MiniLmCaptionEmbedder.shared().embed(text), k);
    }

    /** The {@code k} items whose caption vectors are nearest to {@code vector} (from the release's caption model). */
    public List<VectorHit> captionNeighbours(float[] vector, int k) {
        if (captionModel.isEmpty() || k <= 0) {
            return List.of();
        }
        return nearest(ReleaseMapping.CAPTION_KNN, ReleaseMapping.CAPTION_VECTOR, captionModel.get(), vector, k);
    }

    private List<VectorHit> nearest(String knnField, String vectorField, VectorModel model, float[] vector, int k) {
        if (vector.length != model.dimensions()) {
            throw new IllegalArgumentException("a query vector of " + vector.length + " dimensions for " + knnField
                    + " vectors of " + model);
        }
        int n = Math.max(k, KNN_CANDIDATES);
        ObjectNode body = json.createObjectNode();
        ObjectNode knn = body.putObject("query").putObject("knn").putObject(knnField);
        ArrayNode values = knn.putArray("vector");
        for (float v : vector) {
            values.add(v);
        }
        knn.put("k", n);
        body.put("size", n);
        String[] fields = {ReleaseMapping.ORD, ReleaseMapping.ID, ReleaseMapping.URL, ReleaseMapping.CAPTION,
                ReleaseMapping.PDQ, ReleaseMapping.PDQ_QUALITY, vectorField};
        sourceFields(body, fields);
        JsonNode hits = http.send("POST", index + "/_search", body).path("hits").path("hits");
        record Scored(long ord, VectorHit hit) {
        }
        List<Scored> scored = new ArrayList<>();
        for (JsonNode hit : hits) {
            JsonNode stored = hit.path("_source").path(vectorField);
            if (stored.isTextual()) {
                float[] candidate = ReleaseMapping.decode(stored.asText());
                // Lucene's cosine score is (1 + cos) / 2, as in VectorSearch.
                double cosine = 2.0 * VectorSimilarityFunction.COSINE.compare(vector, candidate) - 1.0;
                scored.add(new Scored(ord(hit), new VectorHit(item(hit), cosine)));
            }
        }
        scored.sort(Comparator.comparingDouble((Scored s) -> s.hit().similarity()).reversed().thenComparingLong(Scored::ord));
        return scored.stream().limit(k).map(Scored::hit).toList();
    }

    /** Hands {@code consumer} the hits of {@code query} in release order, at most {@code limit}, page by page. */
    private void inOrder(ObjectNode query, long limit, String[] fields, Consumer<JsonNode> consumer) {
        long seen = 0;
        JsonNode after = null;
        while (seen < limit) {
            int want = (int) Math.min(PAGE, limit - seen);
            ObjectNode body = json.createObjectNode();
            body.set("query", query);
            body.put("size", want);
            body.put("track_total_hits", false);
            body.putArray("sort").addObject().put(ReleaseMapping.ORD, "asc");
            if (after != null) {
                body.set("search_after", after);
            }
            sourceFields(body, fields);
            JsonNode hits = http.send("POST", index + "/_search", body).path("hits").path("hits");
            if (hits.isEmpty()) {
                return;
            }
            for (JsonNode hit : hits) {
                consumer.accept(hit);
                seen++;
            }
            if (hits.size() < want) {
                return;
            }
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    private long count(ObjectNode query) {
        ObjectNode body = json.createObjectNode();
        body.set("query", query);
        return http.send("POST", index + "/_count", body).path("count").asLong();
    }

    private static void sourceFields(ObjectNode body, String[] fields) {
        ArrayNode includes = body.putArray("_source");
        for (String field : fields) {
            includes.add(field);
        }
    }

    private static long ord(JsonNode hit) {
        return hit.path("_source").path(ReleaseMapping.ORD).asLong();
    }

    private static IndexedItem item(JsonNode hit) {
        JsonNode source = hit.path("_source");
        String pdq = source.hasNonNull(ReleaseMapping.PDQ)
                && source.path(ReleaseMapping.PDQ_QUALITY).asInt() >= PdqResult.MIN_RECOMMENDED_QUALITY
                ? source.path(ReleaseMapping.PDQ).asText() : null;
        String caption = source.hasNonNull(ReleaseMapping.CAPTION) ? source.path(ReleaseMapping.CAPTION).asText() : null;
        return new IndexedItem(source.path(ReleaseMapping.ID).asText(), source.path(ReleaseMapping.URL).asText(), caption, pdq);
    }
}
