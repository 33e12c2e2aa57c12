package org.takedown.matching.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.takedown.events.NormalizedUrl;
import org.takedown.matching.features.GeometricCheck;
import org.takedown.matching.features.Keypoint;
import org.takedown.matching.features.LocalFeatures;
import org.takedown.matching.pdq.FrameViews;
import org.takedown.matching.pdq.PdqIndex;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;

/**
 * A release in an embedded Lucene index: the normalised URL as one exact term (exact match and
 * URL prefix), the host and each of its parent domains as exact terms (a domain matches itself
 * and its subdomains with one term lookup), and the caption as analysed full text ranked by BM25
 * (Lucene's default similarity). The index is written once and then only read, so a release
 * becomes searchable all at once.
 *
 * <p>Items with an image carry its PDQ hash (32 bytes, column-stored as doc values) and quality.
 * When a release is opened, the hashes of quality at least 50 are loaded into {@link PdqIndex}es
 * (multi-index hashing: exact and sublinear) that map back to the Lucene documents: one of the
 * items' own hashes, one of their extra views.
 */
public final class LuceneDatasetIndex implements DatasetIndex, Closeable {

    static final String ID = "id";
    static final String URL = "url";
    static final String DOMAIN = "domain";
    static final String CAPTION = "caption";
    static final String PDQ = "pdq";
    /** Where the item's image bytes are ({@link ItemImage}): file, offset, length; stored only. */
    static final String IMAGE_FILE = "image_file";
    static final String IMAGE_OFFSET = "image_offset";
    static final String IMAGE_LENGTH = "image_length";
    /** The hash's four words, least significant first, each little-endian. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final String PDQ_QUALITY = "pdq_quality";
    /** An item's extra views (see {@link #document(IndexedItem, PdqResult, List)}). */
    static final String PDQ_VIEWS = "pdq_views";
    private static final int VIEW_BYTES = 34;
    /** An item's local features ({@link #withKeypoints}): {@value #POINT_BYTES} bytes per point. */
    static final String LOCAL_FEATURES = "local_features";
    /** Descriptor (32 bytes), then x, y and radius as unsigned 16-bit shares of the image's longer side. */
    private static final int POINT_BYTES = 38;
    private static final byte FULL = (byte) FrameViews.Frame.FULL.code();
    static final String IMAGE_EMBEDDING = "img_emb";
    static final String CAPTION_EMBEDDING = "caption_emb";
    /**
     * HNSW candidates taken per vector search (at least k) and re-ranked exactly: recall against exact search rises with
     * it. 400 gave recall@10 0.958 at p50 2.9 ms over 1 M int8 vectors of 768 dims (100: 0.829; docs/benchmarks.md).
     */
    static final int KNN_CANDIDATES = 400;

    private final String datasetId;
    private final String releaseId;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = new StandardAnalyzer();
    /**
     * The release's matchable image hashes: the items' own hashes, and apart from them their extra views
     * (each null when there are none). Two indexes, because most lookups (cropped and reframed views of a
     * query) need only the own hashes, and the cost of a lookup grows with the hashes indexed: the views
     * are three or four per item.
     */
    private final Hashes ownHashes;
    private final Hashes viewHashes;
    /** The items' local features, or null when the release has none (or of another {@link LocalFeatures#VERSION}). */
    private final Points points;
    /** How many items have at least one matchable hash. */
    private final long hashedItems;
    /** Which models the release's vectors came from (recorded at ingestion), if it has any. */
    private final java.util.Optional<org.takedown.matching.embed.VectorModel> imageModel;
    private final java.util.Optional<org.takedown.matching.embed.VectorModel> captionModel;

    /** A caption hit with its BM25 score. */
    public record ScoredItem(IndexedItem item, float score) {
    }

    private LuceneDatasetIndex(String datasetId, String releaseId, Directory directory) throws IOException {
        this.datasetId = datasetId;
        this.releaseId = releaseId;
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
        HashLoader own = new HashLoader();
        HashLoader views = new HashLoader();
        long items = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            items += HashLoader.load(leaf, own, views);
        }
        this.ownHashes = own.build();
        this.viewHashes = views.build();
        this.hashedItems = items;
        Map<String, String> commitData = reader.getIndexCommit().getUserData();
        this.points = LocalFeatures.VERSION.equals(commitData.get(LocalFeatures.COMMIT_KEY)) ? Points.load(reader) : null;
        this.imageModel = org.takedown.matching.embed.VectorModel.image(commitData);
        this.captionModel = org.takedown.matching.embed.VectorModel.caption(commitData);
    }

    /**
     * Matchable hashes in a {@link PdqIndex}: ordinal i is document {@code docs[i]}, whose hash of
     * quality {@code quality[i]} is of the view {@code frames[i]} ({@link FrameViews.Frame#code()}).
     */
    private record Hashes(PdqIndex index, int[] docs, int[] quality, byte[] frames) {
    }

    /**
     * Collects a release's matchable hashes (quality at least 50; lower ones are reported at
     * ingestion and never matched, as flat images collide with each other): each item's own hash
     * into one loader, the extra views it was stored with ({@link FrameViews#itemViews}) into another,
     * several ordinals per item. Arrays grow as hashes are found, so nothing is allocated per row of
     * items without images.
     */
    private static final class HashLoader {
        long[] words = new long[0];
        int[] docs = new int[0];
        int[] quality = new int[0];
        byte[] frames = new byte[0];
        int n;

        /** Loads one segment's hashes; returns how many of its items have at least one matchable hash. */
        static long load(LeafReaderContext leaf, HashLoader own, HashLoader extra) throws IOException {
            BinaryDocValues hashes = DocValues.getBinary(leaf.reader(), PDQ);
            NumericDocValues qualities = DocValues.getNumeric(leaf.reader(), PDQ_QUALITY);
            BinaryDocValues views = DocValues.getBinary(leaf.reader(), PDQ_VIEWS);
            long items = 0;
            int viewsAt = views.nextDoc();
            for (int doc = hashes.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = hashes.nextDoc()) {
                int before = own.n + extra.n;
                int q = qualities.advanceExact(doc) ? (int) qualities.longValue() : 0;
                if (q >= PdqResult.MIN_RECOMMENDED_QUALITY) {
                    own.add(hashes.binaryValue(), 0, leaf.docBase + doc, q, FrameViews.Frame.FULL.code());
                }
                while (viewsAt < doc) {
                    viewsAt = views.nextDoc();
                }
                if (viewsAt == doc) {
                    BytesRef packed = views.binaryValue();
                    for (int o = 0; o + VIEW_BYTES <= packed.length; o += VIEW_BYTES) {
                        int frame = packed.bytes[packed.offset + o] & 0xFF;
                        int vq = packed.bytes[packed.offset + o + 1] & 0xFF;
                        if (vq >= PdqResult.MIN_RECOMMENDED_QUALITY) {
                            extra.add(packed, o + 2, leaf.docBase + doc, vq, frame);
                        }
                    }
                }
                if (own.n + extra.n > before) {
                    items++;
                }
            }
            return items;
        }

        private void add(BytesRef bytes, int at, int doc, int q, int frame) {
            if (n == docs.length) {
                int capacity = org.apache.lucene.util.ArrayUtil.oversize(n + 1, Integer.BYTES);
                words = java.util.Arrays.copyOf(words, Math.multiplyExact(4, capacity));
                docs = java.util.Arrays.copyOf(docs, capacity);
                quality = java.util.Arrays.copyOf(quality, capacity);
                frames = java.util.Arrays.copyOf(frames, capacity);
            }
            for (int w = 0; w < 4; w++) {
                words[4 * n + w] = (long) LONGS.get(bytes.bytes, bytes.offset + at + 8 * w);
            }
            docs[n] = doc;
            quality[n] = q;
            frames[n] = (byte) frame;
            n++;
        }

        /** The loaded hashes as an index, or null if there are none. */
        Hashes build() {
            return n == 0 ? null : new Hashes(PdqIndex.build(words, n), docs, quality, frames);
        }
    }

    /**
     * The items' local features in a {@link PdqIndex} of their descriptors: point (ordinal) i is point
     * {@code number[i]} of document {@code docs[i]}, at {@code x[i]}, {@code y[i]} with size {@code radius[i]}.
     */
    private record Points(PdqIndex index, int[] docs, byte[] number, float[] x, float[] y, float[] radius) {

        static Points load(DirectoryReader reader) throws IOException {
            long[] words = new long[0];
            int[] docs = new int[0];
            byte[] number = new byte[0];
            float[] x = new float[0];
            float[] y = new float[0];
            float[] radius = new float[0];
            int n = 0;
            for (LeafReaderContext leaf : reader.leaves()) {
                BinaryDocValues values = DocValues.getBinary(leaf.reader(), LOCAL_FEATURES);
                for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                    BytesRef packed = values.binaryValue();
                    int count = packed.length / POINT_BYTES;
                    if (n + count > docs.length) {
                        int capacity = org.apache.lucene.util.ArrayUtil.oversize(n + count, Integer.BYTES);
                        words = java.util.Arrays.copyOf(words, Math.multiplyExact(4, capacity));
                        docs = java.util.Arrays.copyOf(docs, capacity);
                        number = java.util.Arrays.copyOf(number, capacity);
                        x = java.util.Arrays.copyOf(x, capacity);
                        y = java.util.Arrays.copyOf(y, capacity);
                        radius = java.util.Arrays.copyOf(radius, capacity);
                    }
                    for (int p = 0; p < count; p++, n++) {
                        int at = packed.offset + p * POINT_BYTES;
                        for (int w = 0; w < 4; w++) {
                            words[4 * n + w] = (long) LONGS.get(packed.bytes, at + 8 * w);
                        }
                        docs[n] = leaf.docBase + doc;
                        number[n] = (byte) p;
                        x[n] = unsigned16(packed.bytes, at + 32);
                        y[n] = unsigned16(packed.bytes, at + 34);
                        radius[n] = unsigned16(packed.bytes, at + 36);
                    }
                }
            }
            return n == 0 ? null : new Points(PdqIndex.build(words, n, LocalFeatures.MATCH_DISTANCE), docs, number, x, y, radius);
        }

        Keypoint point(int ordinal) {
            return new Keypoint(x[ordinal], y[ordinal], radius[ordinal], index.hash(ordinal));
        }
    }

    private static float unsigned16(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8) / 65535f;
    }

    private static void putUnsigned16(byte[] bytes, int at, float share) {
        int v = Math.round(Math.max(0f, Math.min(1f, share)) * 65535f);
        bytes[at] = (byte) v;
        bytes[at + 1] = (byte) (v >>> 8);
    }

    /**
     * Adds an item's local features ({@link LocalFeatures#ITEM_POINTS} at most) to its document as one doc
     * value of {@value #POINT_BYTES} bytes per point; the release must record {@link LocalFeatures#VERSION}
     * under {@link LocalFeatures#COMMIT_KEY} for them to be searched.
     */
    public static Document withKeypoints(Document doc, List<Keypoint> keypoints) {
        if (keypoints.isEmpty()) {
            return doc;
        }
        if (keypoints.size() > LocalFeatures.ITEM_POINTS) {
            throw new IllegalArgumentException("at most " + LocalFeatures.ITEM_POINTS + " points per item, got " + keypoints.size());
        }
        byte[] packed = new byte[POINT_BYTES * keypoints.size()];
        for (int i = 0; i < keypoints.size(); i++) {
            Keypoint point = keypoints.get(i);
            int at = i * POINT_BYTES;
            System.arraycopy(hashBytes(point.descriptor()), 0, packed, at, 32);
            putUnsigned16(packed, at + 32, point.x());
            putUnsigned16(packed, at + 34, point.y());
            putUnsigned16(packed, at + 36, point.radius());
        }
        doc.add(new BinaryDocValuesField(LOCAL_FEATURES, new BytesRef(packed)));
        return doc;
    }

    /** Records where the item's image bytes are, for the reviewer console ({@link #imageOf}). */
    public static Document withImage(Document doc, ItemImage image) {
        doc.add(new StoredField(IMAGE_FILE, image.file().toAbsolutePath().normalize().toString()));
        doc.add(new StoredField(IMAGE_OFFSET, image.offset()));
        doc.add(new StoredField(IMAGE_LENGTH, image.length()));
        return doc;
    }

    /** Indexes {@code items} (URLs already normalised) into {@code directory} and opens it for search. */
    public static LuceneDatasetIndex build(Directory directory, String datasetId, String releaseId,
                                           Iterable<IndexedItem> items) {
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
            for (IndexedItem item : items) {
                writer.addDocument(document(item));
            }
            writer.commit();
            return new LuceneDatasetIndex(datasetId, releaseId, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the index of " + datasetId + " " + releaseId, e);
        }
    }

    /** An in-memory index of the rows of a JSONL release. */
    public static LuceneDatasetIndex of(JsonlDatasetIndex release) {
        return build(new ByteBuffersDirectory(), release.datasetId(), release.releaseId(), release.items());
    }

    /**
     * Opens a release written to {@code dir} by {@link org.takedown.matching.ingest.ReleaseIngester}
     * (or any index with these fields), read-only.
     */
    public static LuceneDatasetIndex open(java.nio.file.Path dir, String datasetId, String releaseId) {
        try {
            return new LuceneDatasetIndex(datasetId, releaseId, org.apache.lucene.store.FSDirectory.open(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the index of " + datasetId + " " + releaseId + " in " + dir, e);
        }
    }

    /** The Lucene document of one row with its image's PDQ hash. */
    public static Document document(IndexedItem item, PdqResult pdq) {
        Document doc = document(item);
        doc.add(new BinaryDocValuesField(PDQ, new BytesRef(hashBytes(pdq.hash()))));
        doc.add(new NumericDocValuesField(PDQ_QUALITY, pdq.quality()));
        return doc;
    }

    /**
     * The Lucene document of one row with its image's PDQ hash and the extra views data sets frame
     * differently ({@link FrameViews#itemViews}: content inside borders, centred square), stored
     * together as one doc value of {@value #VIEW_BYTES} bytes per view (frame code, quality, hash).
     */
    public static Document document(IndexedItem item, PdqResult pdq, List<FrameViews.View> views) {
        return document(item, pdq.hash(), pdq.quality(),
                views.stream().map(v -> new StoredView(v.frame(), v.pdq().hash(), v.pdq().quality())).toList());
    }

    /** An extra hash of an item: which view of it, the hash and its quality. */
    public record StoredView(FrameViews.Frame frame, PdqHash hash, int quality) {
    }

    /** As {@link #document(IndexedItem, PdqResult, List)} with hashes computed elsewhere. */
    public static Document document(IndexedItem item, PdqHash hash, int quality, List<StoredView> views) {
        Document doc = document(item, hash, quality);
        if (!views.isEmpty()) {
            byte[] packed = new byte[VIEW_BYTES * views.size()];
            for (int i = 0; i < views.size(); i++) {
                StoredView view = views.get(i);
                packed[VIEW_BYTES * i] = (byte) view.frame().code();
                packed[VIEW_BYTES * i + 1] = (byte) view.quality();
                System.arraycopy(hashBytes(view.hash()), 0, packed, VIEW_BYTES * i + 2, 32);
            }
            doc.add(new BinaryDocValuesField(PDQ_VIEWS, new BytesRef(packed)));
        }
        return doc;
    }

    /** The Lucene document of one row with a PDQ hash computed elsewhere (e.g. by the data set's publisher) and its quality. */
    public static Document document(IndexedItem item, PdqHash hash, int quality) {
        Document doc = document(item);
        doc.add(new BinaryDocValuesField(PDQ, new BytesRef(hashBytes(hash))));
        doc.add(new NumericDocValuesField(PDQ_QUALITY, quality));
        return doc;
    }

    /** A row's image embedding (e.g. LAION's CLIP vectors), indexed for kNN search (HNSW, cosine). */
    public static org.apache.lucene.document.KnnFloatVectorField imageEmbedding(float[] vector) {
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("not finite");
            }
        }
        return new org.apache.lucene.document.KnnFloatVectorField(IMAGE_EMBEDDING, vector,
                org.apache.lucene.index.VectorSimilarityFunction.COSINE);
    }

    /** A row's caption embedding (unit length), indexed for kNN search (HNSW, cosine). */
    public static org.apache.lucene.document.KnnFloatVectorField captionEmbedding(float[] vector) {
        return new org.apache.lucene.document.KnnFloatVectorField(CAPTION_EMBEDDING,
                org.takedown.matching.embed.Vectors.normalize(vector.clone()),
                org.apache.lucene.index.VectorSimilarityFunction.COSINE);
    }

    static byte[] hashBytes(PdqHash hash) {
        byte[] bytes = new byte[32];
        for (int w = 0; w < 4; w++) {
            LONGS.set(bytes, 8 * w, hash.word(w));
        }
        return bytes;
    }

    /** The Lucene document of one row: the fields every search here relies on. */
    public static Document document(IndexedItem item) {
        Document doc = new Document();
        // Stored only: nothing searches by item id, and a unique term per row is what indexing costs most.
        doc.add(new StoredField(ID, item.itemId()));
        doc.add(new StringField(URL, item.url(), Field.Store.YES));
        String host = NormalizedUrl.host(item.url());
        for (String domain = host; domain != null; domain = parent(domain)) {
            doc.add(new StringField(DOMAIN, domain, Field.Store.NO));
        }
        if (item.caption() != null) {
            doc.add(new Field(CAPTION, item.caption(), CAPTION_TYPE));
        }
        return doc;
    }

    /**
     * The caption: analysed, stored, with term frequencies and norms for BM25 but without positions
     * (no phrase queries here), which makes indexing cheaper.
     */
    private static final org.apache.lucene.document.FieldType CAPTION_TYPE = captionType();

    private static org.apache.lucene.document.FieldType captionType() {
        org.apache.lucene.document.FieldType type = new org.apache.lucene.document.FieldType(TextField.TYPE_STORED);
        type.setIndexOptions(org.apache.lucene.index.IndexOptions.DOCS_AND_FREQS);
        type.freeze();
        return type;
    }

    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? null : domain.substring(dot + 1);
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
        return reader.numDocs();
    }

    @Override
    public List<IndexedItem> byUrl(String normalizedUrl) {
        Query query = new TermQuery(new Term(URL, normalizedUrl));
        return page(query, Integer.MAX_VALUE).items();
    }

    @Override
    public java.util.Optional<ItemImage> imageOf(String itemId, String normalizedUrl) {
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(URL, normalizedUrl)), 1000, Sort.INDEXORDER);
            for (ScoreDoc hit : top.scoreDocs) {
                Document stored = searcher.storedFields().document(hit.doc);
                if (itemId.equals(stored.get(ID)) && stored.get(IMAGE_FILE) != null) {
                    return java.util.Optional.of(new ItemImage(Path.of(stored.get(IMAGE_FILE)),
                            stored.getField(IMAGE_OFFSET).numericValue().longValue(),
                            stored.getField(IMAGE_LENGTH).numericValue().longValue()));
                }
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Page byDomainOrPrefix(String domainOrPrefix, int limit) {
        Query query = domainOrPrefix.contains("://")
                ? new PrefixQuery(new Term(URL, domainOrPrefix))
                : new TermQuery(new Term(DOMAIN, domainOrPrefix));
        return page(query, limit);
    }

    @Override
    public List<PdqHit> byPdq(Map<Dihedral, PdqHash> variants, int maxDistance) {
        return byPdq(variants, maxDistance, PdqScope.WITH_VIEWS);
    }

    @Override
    public List<PdqHit> byPdq(Map<Dihedral, PdqHash> variants, int maxDistance, PdqScope scope) {
        if (variants.isEmpty()) {
            return List.of();
        }
        try {
            // An item may be hit through several of its hashes: it is reported once, through its own hash
            // when that is within the distance (the plain PDQ match, whatever its views say), else through
            // its nearest view. Hits come nearest first.
            Map<Integer, Found> nearest = new java.util.LinkedHashMap<>();
            collect(ownHashes, variants, maxDistance, nearest);
            if (scope == PdqScope.WITH_VIEWS) {
                collect(viewHashes, variants, maxDistance, nearest);
            }
            List<Found> reported = new ArrayList<>(nearest.values());
            reported.sort(java.util.Comparator.comparingInt(f -> f.hit().distance()));
            List<PdqHit> hits = new ArrayList<>(reported.size());
            for (Found found : reported) {
                int ordinal = found.hit().ordinal();
                hits.add(new PdqHit(item(found.from().docs()[ordinal]), found.hit().distance(), found.hit().variant(),
                        found.from().quality()[ordinal], FrameViews.Frame.ofCode(found.from().frames()[ordinal])));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hit and the hashes it is an ordinal of. */
    private record Found(Hashes from, PdqIndex.DihedralHit hit) {
        boolean own() {
            return from.frames()[hit.ordinal()] == FULL;
        }
    }

    /** Adds the hits of {@code hashes} to {@code nearest} by document: the item's own hash first, else the nearest. */
    private static void collect(Hashes hashes, Map<Dihedral, PdqHash> variants, int maxDistance, Map<Integer, Found> nearest) {
        if (hashes == null) {
            return;
        }
        for (PdqIndex.DihedralHit hit : hashes.index().searchDihedral(variants, Math.min(maxDistance, hashes.index().radius()))) {
            Found found = new Found(hashes, hit);
            nearest.merge(hashes.docs()[hit.ordinal()], found, (known, next) -> {
                if (known.own() != next.own()) {
                    return known.own() ? known : next;
                }
                return next.hit().distance() < known.hit().distance() ? next : known;
            });
        }
    }

    @Override
    public boolean hasLocalFeatures() {
        return points != null;
    }

    @Override
    public List<LocalHit> byKeypoints(List<Keypoint> query) {
        return byKeypoints(query, LocalFeatures.MIN_INLIERS, LocalFeatures.MAX_ITEMS_PER_POINT).stream()
                .filter(hit -> LocalFeatures.accepts(hit.agreement())).toList();
    }

    /**
     * As {@link #byKeypoints(List)} with the acceptance as parameters (for calibration): every item where at least
     * {@code minInliers} points agree (whatever their share and distance), looking only at query points whose descriptor is near points of at most
     * {@code maxItemsPerPoint} items (a descriptor near many items is a generic patch: a star, a leaf, a flat
     * edge, and says nothing about which item this is).
     */
    public List<LocalHit> byKeypoints(List<Keypoint> query, int minInliers, int maxItemsPerPoint) {
        if (points == null || query.isEmpty()) {
            return List.of();
        }
        try {
            Map<Integer, List<GeometricCheck.Match>> byDoc = new java.util.HashMap<>();
            for (int q = 0; q < query.size(); q++) {
                Keypoint point = query.get(q);
                List<PdqIndex.Hit> found = points.index().search(point.descriptor(), LocalFeatures.MATCH_DISTANCE);
                if (found.size() > maxItemsPerPoint && found.stream().mapToInt(h -> points.docs()[h.ordinal()]).distinct()
                        .limit(maxItemsPerPoint + 1L).count() > maxItemsPerPoint) {
                    continue;
                }
                for (PdqIndex.Hit hit : found) {
                    int o = hit.ordinal();
                    byDoc.computeIfAbsent(points.docs()[o], d -> new ArrayList<>())
                            .add(new GeometricCheck.Match(q, point, points.number()[o], points.point(o), hit.distance()));
                }
            }
            List<LocalHit> hits = new ArrayList<>();
            for (Map.Entry<Integer, List<GeometricCheck.Match>> candidate : byDoc.entrySet()) {
                if (candidate.getValue().size() < minInliers) {
                    continue;
                }
                java.util.Optional<GeometricCheck.Agreement> agreement = GeometricCheck.best(candidate.getValue());
                if (agreement.isPresent() && agreement.get().inliers() >= minInliers) {
                    hits.add(new LocalHit(item(candidate.getKey()), agreement.get()));
                }
            }
            hits.sort(java.util.Comparator.comparingInt((LocalHit h) -> -h.agreement().inliers())
                    .thenComparing(h -> h.item().itemId()));
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long hashedItems() {
        return hashedItems;
    }

    @Override
    public java.util.Optional<org.takedown.matching.embed.VectorModel> imageModel() {
        return imageModel;
    }

    @Override
    public java.util.Optional<org.takedown.matching.embed.VectorModel> captionModel() {
        return captionModel;
    }

    /**
     * @throws IllegalArgumentException if {@code vector}'s dimensions differ from the release's image vectors
     */
    @Override
    public List<VectorHit> imageNeighbours(float[] vector, int k) {
        if (imageModel.isEmpty() || k <= 0) {
            return List.of();
        }
        return nearest(IMAGE_EMBEDDING, imageModel.get(), vector, k);
    }

    /** Embeds {@code text} with all-MiniLM-L6-v2 when the release's caption vectors come from it. */
    @Override
    public List<VectorHit> semanticCaptions(String text, int k) {
        if (captionModel.isEmpty() || k <= 0 || text == null || text.isBlank()
                || !captionModel.get().id().equals(org.takedown.matching.embed.MiniLmCaptionEmbedder.MODEL_ID)) {
            return List.of();
        }
        return captionNeighbours(org.takedown.matching.embed.MiniLmCaptionEmbedder.shared().embed(text), k);
    }

    /** The {@code k} items whose caption vectors are nearest to {@code vector} (from the release's caption model). */
    public List<VectorHit> captionNeighbours(float[] vector, int k) {
        if (captionModel.isEmpty() || k <= 0) {
            return List.of();
        }
        return nearest(CAPTION_EMBEDDING, captionModel.get(), vector, k);
    }

    private List<VectorHit> nearest(String field, org.takedown.matching.embed.VectorModel model, float[] vector, int k) {
        if (vector.length != model.dimensions()) {
            throw new IllegalArgumentException("a query vector of " + vector.length + " dimensions for " + field
                    + " vectors of " + model);
        }
        try {
            List<VectorHit> hits = new ArrayList<>(k);
            for (org.takedown.matching.embed.VectorSearch.Neighbour n
                    : org.takedown.matching.embed.VectorSearch.nearest(searcher, field, vector, k, KNN_CANDIDATES)) {
                hits.add(new VectorHit(item(n.doc()), n.cosine()));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Items whose caption matches any term of {@code text}, best BM25 score first; at most {@code limit}. */
    public List<ScoredItem> byCaption(String text, int limit) {
        Query query = new QueryBuilder(analyzer).createBooleanQuery(CAPTION, text);
        if (query == null || limit <= 0) {
            return List.of(); // nothing left after analysis, e.g. only punctuation
        }
        try {
            TopDocs top = searcher.search(query, limit);
            List<ScoredItem> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                hits.add(new ScoredItem(item(hit.doc), hit.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ScoredPage byCaptionText(String text, int offset, int limit, double minScore) {
        if (text == null || offset < 0 || limit <= 0) {
            return new ScoredPage(List.of(), 0);
        }
        Query query = new QueryBuilder(analyzer).createBooleanQuery(CAPTION, text, org.apache.lucene.search.BooleanClause.Occur.MUST);
        if (query == null) {
            return new ScoredPage(List.of(), 0); // nothing left after analysis, e.g. only punctuation
        }
        try {
            CaptionCollector collector = new CaptionCollector((int) Math.min((long) offset + limit, Integer.MAX_VALUE - 8),
                    (float) minScore);
            searcher.search(query, collector);
            long[] ranked = collector.ranked();
            List<ScoredHit> hits = new ArrayList<>();
            for (int i = offset; i < ranked.length; i++) {
                int doc = CaptionCollector.doc(ranked[i]);
                hits.add(new ScoredHit(item(doc), CaptionCollector.score(ranked[i])));
            }
            return new ScoredPage(hits, collector.total);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code limit} hits in release order, and the exact total. */
    private Page page(Query query, int limit) {
        try {
            int total = searcher.count(query);
            int n = Math.min(limit, total);
            if (n == 0) {
                return new Page(List.of(), total);
            }
            TopDocs top = searcher.search(query, n, Sort.INDEXORDER);
            List<IndexedItem> items = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                items.add(item(hit.doc));
            }
            return new Page(items, total);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IndexedItem item(int doc) throws IOException {
        Document stored = searcher.storedFields().document(doc);
        return new IndexedItem(stored.get(ID), stored.get(URL), stored.get(CAPTION), pdqHex(doc));
    }

    /** The document's PDQ hash as 64 hex digits when it has one good enough to match (quality at least 50), else null. */
    private String pdqHex(int doc) throws IOException {
        if (ownHashes == null) {
            return null;
        }
        LeafReaderContext leaf = reader.leaves().get(org.apache.lucene.index.ReaderUtil.subIndex(doc, reader.leaves()));
        int local = doc - leaf.docBase;
        NumericDocValues qualities = DocValues.getNumeric(leaf.reader(), PDQ_QUALITY);
        if (!qualities.advanceExact(local) || qualities.longValue() < PdqResult.MIN_RECOMMENDED_QUALITY) {
            return null;
        }
        BinaryDocValues hashes = DocValues.getBinary(leaf.reader(), PDQ);
        if (!hashes.advanceExact(local)) {
            return null;
        }
        BytesRef bytes = hashes.binaryValue();
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) {
            w[i] = (long) LONGS.get(bytes.bytes, bytes.offset + 8 * i);
        }
        return PdqHash.ofWords(w[0], w[1], w[2], w[3]).toHex();
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
        analyzer.close();
    }
}
