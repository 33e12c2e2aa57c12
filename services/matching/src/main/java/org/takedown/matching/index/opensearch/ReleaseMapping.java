package org.takedown.matching.index.opensearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.takedown.matching.embed.VectorModel;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;

/**
 * How a release is laid out in OpenSearch (ADR 018): one index per release, named from the data set and
 * release, with an alias per data set; its settings, mappings and the PDQ chunk terms.
 *
 * <p>PDQ hashes are found by multi-index hashing on terms: a 256-bit hash is cut into {@value #CHUNKS}
 * chunks of {@value #CHUNK_BITS} bits, each indexed as one keyword term (chunk number and value). Two hashes
 * within 31 bits differ in at most one bit in at least one chunk (if every chunk differed in two or more,
 * the distance would be at least 32), so a query asks for its own chunk values and every value one bit away
 * (17 terms per chunk, 272 per hash) and every hash within 31 bits is among the candidates. The exact distance
 * is checked in the cluster ({@link #PDQ_FILTER}: each matchable hash also kept as four {@code long} doc values,
 * compared by a Painless filter on the candidates only), so only hits come back; the reported distance, variant
 * and frame are then computed in Java from the hits' {@code _source}.
 */
public final class ReleaseMapping {

    static final int CHUNKS = 16;
    static final int CHUNK_BITS = 16;
    /** The largest distance the chunk terms find every hash within (and the embedded {@code PdqIndex}'s radius). */
    public static final int MAX_PDQ_DISTANCE = 2 * CHUNKS - 1;

    static final String ORD = "ord";
    static final String ID = "id";
    static final String URL = "url";
    static final String DOMAIN = "domain";
    static final String CAPTION = "caption";
    static final String PDQ = "pdq";
    static final String PDQ_QUALITY = "pdq_quality";
    static final String PDQ_OWN_CHUNKS = "pdq_own";
    static final String PDQ_VIEW_CHUNKS = "pdq_view";
    static final String VIEWS = "views";
    static final String MATCHABLE = "pdq_matchable";
    /** The {@code _meta} key of indexes whose matchable hashes are kept as doc values for {@link #PDQ_FILTER}. */
    static final String PDQ_WORDS_META = "pdq_words";
    /** Doc-value slots of matchable hashes: the item's own, then up to {@value #VIEW_SLOTS} of its stored views. */
    static final int VIEW_SLOTS = 4;
    /** Set on an item with more matchable views than slots: the filter lets it through to the check in Java. */
    static final String PDQ_UNFILTERED = "pdq_unfiltered";

    /**
     * Whether any of the slots the query names ({@code params.slots}: field-name prefixes) holds a hash within
     * {@code params.r} bits of any variant ({@code params.q}: four words per variant). Runs on the terms'
     * candidates only (a script query is checked after the cheaper clauses of its conjunction).
     */
    static final String PDQ_FILTER = """
            if (doc['pdq_unfiltered'].size() != 0 && doc['pdq_unfiltered'].value) { return true; }
            List q = params.q;
            int r = params.r;
            for (String slot : params.slots) {
              def w0 = doc[slot + '0'];
              if (w0.size() == 0) { continue; }
              long a = w0.value; long b = doc[slot + '1'].value; long c = doc[slot + '2'].value; long d = doc[slot + '3'].value;
              for (int i = 0; i < q.size(); i += 4) {
                if (Long.bitCount(a ^ (long) q.get(i)) + Long.bitCount(b ^ (long) q.get(i + 1))
                    + Long.bitCount(c ^ (long) q.get(i + 2)) + Long.bitCount(d ^ (long) q.get(i + 3)) <= r) { return true; }
              }
            }
            return false;
            """;
    static final String IMAGE_KNN = "img_emb";
    static final String CAPTION_KNN = "caption_emb";
    /** The exact vectors (float32, little-endian, base64) for the re-ranking: the k-NN fields are left out of _source. */
    static final String IMAGE_VECTOR = "img_vec";
    static final String CAPTION_VECTOR = "caption_vec";

    private ReleaseMapping() {
    }

    /** The doc-value field prefix of a slot: {@code pdq_w} for the own hash, {@code pdq_v<i>_w} for view {@code i}. */
    static String slot(int view) {
        return view < 0 ? "pdq_w" : "pdq_v" + view + "_w";
    }

    /** Keeps {@code hash} in a slot's four doc values. */
    static void putWords(ObjectNode doc, String slot, PdqHash hash) {
        for (int w = 0; w < 4; w++) {
            doc.put(slot + w, hash.word(w));
        }
    }

    /** The release's index: lower case as OpenSearch wants, with a digest of the exact ids so that none collide. */
    public static String indexName(String prefix, String datasetId, String releaseId) {
        return prefix + "-" + clean(datasetId) + "--" + clean(releaseId) + "-" + digest(datasetId + "\u0000" + releaseId);
    }

    /** The data set's alias: every release index of the data set. */
    public static String aliasName(String prefix, String datasetId) {
        return prefix + "-" + clean(datasetId) + "-" + digest(datasetId);
    }

    private static String clean(String id) {
        String lower = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        return lower.length() > 60 ? lower.substring(0, 60) : lower;
    }

    private static String digest(String text) {
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The index's settings and mappings: keyword fields for the URL, its domains and the PDQ chunks; the caption
     * as text analysed by the standard tokenizer, lower-cased and folded to ASCII (multilingual captions), with
     * frequencies and norms for BM25 but no positions; vectors as {@code knn_vector} (HNSW, Lucene engine, cosine).
     */
    static ObjectNode createBody(ObjectMapper json, String datasetId, String releaseId, int shards, int replicas,
                                 Optional<VectorModel> imageModel, Optional<VectorModel> captionModel) {
        ObjectNode body = json.createObjectNode();
        ObjectNode index = body.putObject("settings").putObject("index");
        index.put("number_of_shards", shards);
        index.put("number_of_replicas", replicas);
        index.put("knn", true);
        index.put("refresh_interval", "-1"); // written once, refreshed when complete
        ObjectNode analysis = index.putObject("analysis");
        ObjectNode caption = analysis.putObject("analyzer").putObject("caption");
        caption.put("type", "custom");
        caption.put("tokenizer", "standard");
        caption.putArray("filter").add("lowercase").add("asciifolding");

        ObjectNode mappings = body.putObject("mappings");
        mappings.put("dynamic", "strict");
        mappings.putObject("_source").putArray("excludes").add(IMAGE_KNN).add(CAPTION_KNN);
        ObjectNode meta = mappings.putObject("_meta");
        meta.put("dataset", datasetId);
        meta.put("release", releaseId);
        imageModel.ifPresent(m -> meta.put(VectorModel.IMAGE_MODEL, m.id()).put(VectorModel.IMAGE_DIMS, m.dimensions()));
        captionModel.ifPresent(m -> meta.put(VectorModel.CAPTION_MODEL, m.id()).put(VectorModel.CAPTION_DIMS, m.dimensions()));
        ObjectNode properties = mappings.putObject("properties");
        properties.putObject(ORD).put("type", "long");
        properties.putObject(ID).put("type", "keyword").put("index", false).put("doc_values", false);
        properties.putObject(URL).put("type", "keyword");
        properties.putObject(DOMAIN).put("type", "keyword").put("doc_values", false);
        properties.putObject(CAPTION).put("type", "text").put("analyzer", "caption").put("index_options", "freqs");
        properties.putObject(PDQ).put("type", "keyword").put("index", false).put("doc_values", false);
        properties.putObject(PDQ_QUALITY).put("type", "integer").put("index", false).put("doc_values", false);
        properties.putObject(PDQ_OWN_CHUNKS).put("type", "keyword").put("doc_values", false);
        properties.putObject(PDQ_VIEW_CHUNKS).put("type", "keyword").put("doc_values", false);
        properties.putObject(MATCHABLE).put("type", "boolean").put("doc_values", false);
        meta.put(PDQ_WORDS_META, true);
        for (int view = -1; view < VIEW_SLOTS; view++) {
            for (int w = 0; w < 4; w++) {
                properties.putObject(slot(view) + w).put("type", "long").put("index", false);
            }
        }
        properties.putObject(PDQ_UNFILTERED).put("type", "boolean").put("index", false);
        properties.putObject(VIEWS).put("type", "object").put("enabled", false);
        properties.putObject(IMAGE_VECTOR).put("type", "binary");
        properties.putObject(CAPTION_VECTOR).put("type", "binary");
        imageModel.ifPresent(m -> knn(properties.putObject(IMAGE_KNN), m.dimensions()));
        captionModel.ifPresent(m -> knn(properties.putObject(CAPTION_KNN), m.dimensions()));
        return body;
    }

    private static void knn(ObjectNode field, int dimensions) {
        field.put("type", "knn_vector");
        field.put("dimension", dimensions);
        ObjectNode method = field.putObject("method");
        method.put("name", "hnsw");
        method.put("engine", "lucene");
        method.put("space_type", "cosinesimil");
    }

    /** A hash's {@value #CHUNKS} chunk terms. */
    static void addChunks(PdqHash hash, ArrayNode terms) {
        for (int c = 0; c < CHUNKS; c++) {
            terms.add(term(c, chunk(hash, c)));
        }
    }

    /** Every chunk term within one bit of a chunk of any of {@code variants}: the candidates of a lookup within 31 bits. */
    static Set<String> queryTerms(Map<Dihedral, PdqHash> variants) {
        Set<String> terms = new LinkedHashSet<>();
        for (PdqHash hash : variants.values()) {
            for (int c = 0; c < CHUNKS; c++) {
                int value = chunk(hash, c);
                terms.add(term(c, value));
                for (int b = 0; b < CHUNK_BITS; b++) {
                    terms.add(term(c, value ^ (1 << b)));
                }
            }
        }
        return terms;
    }

    static int chunk(PdqHash hash, int c) {
        int perWord = 64 / CHUNK_BITS;
        return (int) ((hash.word(c / perWord) >>> (CHUNK_BITS * (c % perWord))) & ((1L << CHUNK_BITS) - 1));
    }

    private static String term(int chunk, int value) {
        return String.format(Locale.ROOT, "%x:%04x", chunk, value);
    }

    /** A vector as base64 of its float32 values, little-endian: exact, unlike decimal text. */
    static String encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static float[] decode(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(vector);
        return vector;
    }
}
