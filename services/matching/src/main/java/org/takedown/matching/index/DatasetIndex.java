package org.takedown.matching.index;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.takedown.matching.embed.VectorModel;
import org.takedown.matching.pdq.FrameViews;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;

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

    /**
     * Items whose image's PDQ hash is within {@code maxDistance} bits of any of {@code variants}
     * (the query image's dihedral hashes), each once with its smallest distance over the item's
     * stored views, nearest first.
     * Releases without image hashes answer nothing.
     */
    default List<PdqHit> byPdq(Map<Dihedral, PdqHash> variants, int maxDistance) {
        return List.of();
    }

    /** Which of an item's stored hashes a PDQ lookup compares with. */
    enum PdqScope {
        /** The item's own hash only: for views of the query (its crops and frames), which meet the item's own hash. */
        OWN,
        /** The item's own hash and its extra views ({@link FrameViews#itemViews}): for the query's own hash. */
        WITH_VIEWS
    }

    /** Whether the release's items carry local features ({@link #byKeypoints}). */
    default boolean hasLocalFeatures() {
        return false;
    }

    /**
     * Items that a query image's local features ({@link org.takedown.matching.features.LocalFeatures}) meet
     * in one arrangement: points whose descriptors are near and that one scale and shift map onto the item's,
     * as many as {@link org.takedown.matching.features.LocalFeatures#accepts} asks, most points first.
     */
    default List<LocalHit> byKeypoints(List<org.takedown.matching.features.Keypoint> query) {
        return List.of();
    }

    /** An item found by local features, with the agreement that found it. */
    record LocalHit(IndexedItem item, org.takedown.matching.features.GeometricCheck.Agreement agreement) {
    }

    /** As {@link #byPdq(Map, int)}, comparing with the item hashes of {@code scope}. */
    default List<PdqHit> byPdq(Map<Dihedral, PdqHash> variants, int maxDistance, PdqScope scope) {
        return byPdq(variants, maxDistance);
    }

    /**
     * Caption full-text search: items whose caption contains every term of {@code text} (after
     * analysis) with a BM25 score of at least {@code minScore}, best first (ties in release order);
     * the hits from {@code offset} on, at most {@code limit}, with the exact total in
     * {@link ScoredPage#total()}. Releases without a caption index answer nothing.
     */
    default ScoredPage byCaptionText(String text, int offset, int limit, double minScore) {
        return new ScoredPage(List.of(), 0);
    }

    /** How many items carry a PDQ hash good enough to match (quality at least 50). */
    default long hashedItems() {
        return 0;
    }

    /** The model the release's image vectors came from, if it has image vectors. */
    default Optional<VectorModel> imageModel() {
        return Optional.empty();
    }

    /** The model the release's caption vectors came from, if it has caption vectors. */
    default Optional<VectorModel> captionModel() {
        return Optional.empty();
    }

    /**
     * The (about) {@code k} items whose image vectors are nearest to {@code vector} (unit length, from
     * the release's {@link #imageModel()}), most similar first, by approximate (HNSW) search.
     * Releases without image vectors answer nothing.
     */
    default List<VectorHit> imageNeighbours(float[] vector, int k) {
        return List.of();
    }

    /**
     * The (about) {@code k} items whose captions are nearest in meaning to {@code text} (caption
     * vectors of the release's {@link #captionModel()}), most similar first. Releases without
     * caption vectors answer nothing.
     */
    default List<VectorHit> semanticCaptions(String text, int k) {
        return List.of();
    }

    /**
     * Where the image of the item {@code itemId} at {@code normalizedUrl} is kept (the item's URL finds it; the id
     * tells items at one URL apart); empty when the release holds no image bytes for it (Parquet metadata,
     * OpenSearch releases, releases ingested before images were located).
     */
    default java.util.Optional<ItemImage> imageOf(String itemId, String normalizedUrl) {
        return java.util.Optional.empty();
    }

    /** The release to run one request against; a switchable index answers with its current one. */
    default DatasetIndex snapshot() {
        return this;
    }

    record Page(List<IndexedItem> items, long total) {
    }

    /** A caption hit with its raw BM25 score. */
    record ScoredHit(IndexedItem item, double score) {
    }

    /** Some caption hits and how many there are in all. */
    record ScoredPage(List<ScoredHit> hits, long total) {
    }

    /** A vector search hit with its cosine similarity (-1..1). */
    record VectorHit(IndexedItem item, double similarity) {
    }

    /**
     * A PDQ hit: the item, the Hamming distance, which variant of the query hit, the quality of the
     * item's hash that was hit, and which view of the item that hash is of (its own hash is
     * {@link FrameViews.Frame#FULL}; see {@link FrameViews#itemViews}).
     */
    record PdqHit(IndexedItem item, int distance, Dihedral variant, int quality, FrameViews.Frame itemFrame) {
    }
}
