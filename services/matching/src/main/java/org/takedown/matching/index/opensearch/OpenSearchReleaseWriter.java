package org.takedown.matching.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.takedown.events.NormalizedUrl;
import org.takedown.matching.embed.VectorModel;
import org.takedown.matching.embed.Vectors;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.LuceneDatasetIndex.StoredView;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;

/**
 * Writes one release into its own OpenSearch index through the bulk API, rows in release order; {@link #finish()}
 * makes it searchable all at once (one refresh, then the data set's alias) and opens it. A release written again
 * replaces its index, as an embedded release is rewritten from scratch.
 */
public final class OpenSearchReleaseWriter {

    private static final Logger LOG = Logger.getLogger(OpenSearchReleaseWriter.class);
    private static final int BATCH_ROWS = 1000;
    private static final int BATCH_CHARS = 8 << 20;

    private final OpenSearchHttp http;
    private final ObjectMapper json;
    private final String prefix;
    private final String datasetId;
    private final String releaseId;
    private final String index;
    private final Optional<VectorModel> imageModel;
    private final Optional<VectorModel> captionModel;
    private final StringBuilder batch = new StringBuilder();
    private int batchRows;
    private long rows;

    /** One row: the item, its image's PDQ hash (null: none) with quality and extra views, and its vectors (null: none). */
    public record Row(IndexedItem item, PdqHash hash, int quality, List<StoredView> views, float[] imageVector,
                      float[] captionVector) {
        public Row {
            views = views == null ? List.of() : List.copyOf(views);
        }

        /** A row without image hash or vectors. */
        public static Row of(IndexedItem item) {
            return new Row(item, null, 0, List.of(), null, null);
        }
    }

    private OpenSearchReleaseWriter(OpenSearchHttp http, String prefix, String datasetId, String releaseId,
                                    Optional<VectorModel> imageModel, Optional<VectorModel> captionModel) {
        this.http = http;
        this.json = http.json();
        this.prefix = prefix;
        this.datasetId = datasetId;
        this.releaseId = releaseId;
        this.index = ReleaseMapping.indexName(prefix, datasetId, releaseId);
        this.imageModel = imageModel;
        this.captionModel = captionModel;
    }

    /**
     * Creates (or re-creates) the release's index with {@code shards} primary shards and {@code replicas} replicas
     * each; the models name the release's image and caption vectors, if it has them.
     */
    public static OpenSearchReleaseWriter create(OpenSearchHttp http, String prefix, String datasetId, String releaseId,
                                                 int shards, int replicas, Optional<VectorModel> imageModel,
                                                 Optional<VectorModel> captionModel) {
        OpenSearchReleaseWriter writer = new OpenSearchReleaseWriter(http, prefix, datasetId, releaseId, imageModel,
                captionModel);
        if (http.exists(writer.index)) {
            http.send("DELETE", writer.index, null);
            LOG.infof("release %s/%s: index %s replaced", datasetId, releaseId, writer.index);
        }
        http.send("PUT", writer.index, ReleaseMapping.createBody(http.json(), datasetId, releaseId, shards, replicas,
                imageModel, captionModel));
        return writer;
    }

    public String index() {
        return index;
    }

    /** Adds the next row (its release order is the order of the calls). */
    public void add(Row row) {
        ObjectNode doc = document(row, rows);
        try {
            batch.append("{\"index\":{\"_id\":\"").append(rows).append("\"}}\n");
            batch.append(json.writeValueAsString(doc)).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
        if (++batchRows >= BATCH_ROWS || batch.length() >= BATCH_CHARS) {
            flush();
        }
    }

    private ObjectNode document(Row row, long ord) {
        IndexedItem item = row.item();
        ObjectNode doc = json.createObjectNode();
        doc.put(ReleaseMapping.ORD, ord);
        doc.put(ReleaseMapping.ID, item.itemId());
        doc.put(ReleaseMapping.URL, item.url());
        ArrayNode domains = doc.putArray(ReleaseMapping.DOMAIN);
        for (String domain = NormalizedUrl.host(item.url()); domain != null; domain = parent(domain)) {
            domains.add(domain);
        }
        if (item.caption() != null) {
            doc.put(ReleaseMapping.CAPTION, item.caption());
        }
        boolean matchable = false;
        if (row.hash() != null) {
            doc.put(ReleaseMapping.PDQ, row.hash().toHex());
            doc.put(ReleaseMapping.PDQ_QUALITY, row.quality());
            if (row.quality() >= PdqResult.MIN_RECOMMENDED_QUALITY) {
                ReleaseMapping.addChunks(row.hash(), doc.putArray(ReleaseMapping.PDQ_OWN_CHUNKS));
                ReleaseMapping.putWords(doc, ReleaseMapping.slot(-1), row.hash());
                matchable = true;
            }
            if (!row.views().isEmpty()) {
                ArrayNode views = doc.putArray(ReleaseMapping.VIEWS);
                ArrayNode chunks = null;
                int slots = 0;
                for (StoredView view : row.views()) {
                    views.addObject().put("f", view.frame().code()).put("q", view.quality()).put("h", view.hash().toHex());
                    if (view.quality() >= PdqResult.MIN_RECOMMENDED_QUALITY) {
                        if (chunks == null) {
                            chunks = doc.putArray(ReleaseMapping.PDQ_VIEW_CHUNKS);
                        }
                        ReleaseMapping.addChunks(view.hash(), chunks);
                        if (slots < ReleaseMapping.VIEW_SLOTS) {
                            ReleaseMapping.putWords(doc, ReleaseMapping.slot(slots), view.hash());
                        } else {
                            doc.put(ReleaseMapping.PDQ_UNFILTERED, true);
                        }
                        slots++;
                        matchable = true;
                    }
                }
            }
        }
        doc.put(ReleaseMapping.MATCHABLE, matchable);
        if (row.imageVector() != null) {
            float[] vector = row.imageVector();
            VectorModel model = imageModel.orElseThrow(() -> new IllegalStateException("an image vector in a release without an image model"));
            requireDimensions(vector, model);
            for (float v : vector) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("not finite");
                }
            }
            doc.put(ReleaseMapping.IMAGE_VECTOR, ReleaseMapping.encode(vector));
            putVector(doc.putArray(ReleaseMapping.IMAGE_KNN), vector);
        }
        if (row.captionVector() != null) {
            VectorModel model = captionModel.orElseThrow(() -> new IllegalStateException("a caption vector in a release without a caption model"));
            requireDimensions(row.captionVector(), model);
            float[] unit = Vectors.normalize(row.captionVector().clone());
            doc.put(ReleaseMapping.CAPTION_VECTOR, ReleaseMapping.encode(unit));
            putVector(doc.putArray(ReleaseMapping.CAPTION_KNN), unit);
        }
        return doc;
    }

    private static void requireDimensions(float[] vector, VectorModel model) {
        if (vector.length != model.dimensions()) {
            throw new IllegalArgumentException("a vector of " + vector.length + " dimensions for " + model);
        }
    }

    private static void putVector(ArrayNode array, float[] vector) {
        for (float v : vector) {
            array.add(v);
        }
    }

    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? null : domain.substring(dot + 1);
    }

    private void flush() {
        if (batchRows == 0) {
            return;
        }
        JsonNode answer = http.bulk(index + "/_bulk", batch.toString());
        if (answer.path("errors").asBoolean()) {
            for (JsonNode item : answer.path("items")) {
                JsonNode error = item.path("index").path("error");
                if (!error.isMissingNode()) {
                    throw new IllegalStateException("bulk write into " + index + " failed: " + error.path("type").asText()
                            + ": " + error.path("reason").asText());
                }
            }
        }
        batch.setLength(0);
        batchRows = 0;
    }

    /** Writes what is left, makes the release searchable, adds it to its data set's alias and opens it. */
    public OpenSearchDatasetIndex finish() {
        flush();
        ObjectNode settings = json.createObjectNode();
        settings.putObject("index").putNull("refresh_interval");
        http.send("PUT", index + "/_settings", settings);
        http.send("POST", index + "/_refresh", null);
        ObjectNode aliases = json.createObjectNode();
        aliases.putArray("actions").addObject().putObject("add")
                .put("index", index).put("alias", ReleaseMapping.aliasName(prefix, datasetId));
        http.send("POST", "_aliases", aliases);
        LOG.infof("release %s/%s: %d rows written to OpenSearch index %s", datasetId, releaseId, rows, index);
        return OpenSearchDatasetIndex.open(http, prefix, datasetId, releaseId);
    }
}
