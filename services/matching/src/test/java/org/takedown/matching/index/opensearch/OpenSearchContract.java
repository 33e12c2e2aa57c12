package org.takedown.matching.index.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.opensearch.node.OpenSearchCluster;

/**
 * The contract on a real OpenSearch cluster started for the class (in its own JVM), the release written through
 * {@link OpenSearchReleaseWriter}, the embedded release beside it as the BM25 reference.
 */
abstract class OpenSearchContract extends DatasetIndexContract {

    static final String PREFIX = "contract";

    /** Started by the subclass's {@code @BeforeAll}, closed by its {@code @AfterAll}. */
    static OpenSearchCluster cluster;
    static OpenSearchHttp http;
    static OpenSearchDatasetIndex openSearch;
    static LuceneDatasetIndex embedded;
    static Path embeddedDir;

    static void start(int nodes, int shards) throws IOException {
        cluster = OpenSearchCluster.start(nodes);
        http = new OpenSearchHttp(cluster.httpUrls(), new ObjectMapper());
        openSearch = RELEASE.openSearch(http, PREFIX, shards);
        embeddedDir = Files.createTempDirectory("contract-embedded");
        // Laid out as the ingester publishes releases: <root>/<data set>/<release>.
        embedded = RELEASE.embedded(Files.createDirectories(embeddedDir.resolve(ContractRelease.DATASET).resolve(ContractRelease.RELEASE)));
    }

    static void stop() throws IOException {
        if (embedded != null) {
            embedded.close();
            try (var paths = Files.walk(embeddedDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected DatasetIndex index() {
        return openSearch;
    }

    @Override
    protected LuceneDatasetIndex reference() {
        return embedded;
    }

    @Override
    protected List<DatasetIndex.VectorHit> captionNeighbours(float[] vector, int k) {
        return openSearch.captionNeighbours(vector, k);
    }

    @Test
    void pdqCandidatesAreCheckedInTheClusterSoThatOnlyHitsComeBack() {
        java.util.Random random = new java.util.Random(59);
        long candidates = 0;
        long returned = 0;
        long hits = 0;
        for (int q = 0; q < 50; q++) {
            var variants = RELEASE.variants(random, 31);
            int radius = 31 - 5 * random.nextInt(4);
            var query = http.json().createObjectNode();
            var bool = query.putObject("bool");
            var terms = bool.putArray("should").addObject().putObject("terms").putArray(ReleaseMapping.PDQ_OWN_CHUNKS);
            ReleaseMapping.queryTerms(variants).forEach(terms::add);
            bool.put("minimum_should_match", 1);
            candidates += http.send("POST", openSearch.index() + "/_count", java.util.Map.of("query", query)).path("count").asLong();
            var script = bool.putArray("filter").addObject().putObject("script").putObject("script");
            script.put("source", ReleaseMapping.PDQ_FILTER);
            var params = script.putObject("params");
            params.put("r", radius);
            variants.values().forEach(h -> { for (int w = 0; w < 4; w++) { params.withArray("q").add(h.word(w)); } });
            params.putArray("slots").add(ReleaseMapping.slot(-1));
            returned += http.send("POST", openSearch.index() + "/_count", java.util.Map.of("query", query)).path("count").asLong();
            hits += openSearch.byPdq(variants, radius, DatasetIndex.PdqScope.OWN).size();
        }
        assertEquals(hits, returned, "the filter lets through exactly the items within the radius");
        assertTrue(hits > 0 && candidates > returned, candidates + " candidates by chunk terms, " + returned + " returned");
    }

    @Test
    void captionsAreFoldedToAsciiSoThatWordsWithoutTheirAccentsFindThem() {
        // The one intended difference from embedded Lucene (ADR 018): "cafe" finds what "café" finds.
        DatasetIndex.ScoredPage accented = embedded.byCaptionText("café zürich", 0, 1000, 0);
        assertTrue(accented.total() > 0);
        assertEquals(0, embedded.byCaptionText("cafe zurich", 0, 1000, 0).total());
        DatasetIndex.ScoredPage folded = openSearch.byCaptionText("CAFE zurich", 0, 1000, 0);
        assertEquals(accented.total(), folded.total());
        assertEquals(accented.hits().stream().map(h -> h.item()).toList(), folded.hits().stream().map(h -> h.item()).toList());
    }

    @Test
    void theReleaseIsOneIndexUnderItsDataSetsAlias() {
        String alias = ReleaseMapping.aliasName(PREFIX, ContractRelease.DATASET);
        JsonNode aliases = http.send("GET", "_alias/" + alias, null);
        assertEquals(Set.of(openSearch.index()), fieldNames(aliases));
        JsonNode mapping = http.send("GET", openSearch.index() + "/_mapping", null).path(openSearch.index()).path("mappings");
        assertEquals("knn_vector", mapping.path("properties").path(ReleaseMapping.IMAGE_KNN).path("type").asText());
        assertEquals("lucene", mapping.path("properties").path(ReleaseMapping.IMAGE_KNN).path("method").path("engine").asText());
        assertEquals(ContractRelease.IMAGE_MODEL.id(), mapping.path("_meta").path(org.takedown.matching.embed.VectorModel.IMAGE_MODEL).asText());
    }

    @Test
    void anIngestedEmbeddedReleaseIsPublishedToOpenSearchByTheCliAndAnswersAlike() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = org.takedown.matching.cli.OpenSearchPublishCommand.run(new String[] {"opensearch-publish",
                embeddedDir.toString(), ContractRelease.DATASET, ContractRelease.RELEASE, String.join(",", cluster.httpUrls()),
                "2", "0", "published"}, new java.io.PrintStream(out), new java.io.PrintStream(err));
        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains(RELEASE.rows.size() + " rows"), out.toString());
        OpenSearchDatasetIndex published = OpenSearchDatasetIndex.open(http, "published", ContractRelease.DATASET,
                ContractRelease.RELEASE);
        assertEquals(embedded.size(), published.size());
        assertEquals(embedded.hashedItems(), published.hashedItems());
        assertEquals(embedded.imageModel(), published.imageModel());
        assertEquals(embedded.captionModel(), published.captionModel());
        java.util.Random random = new java.util.Random(5);
        for (int q = 0; q < 40; q++) {
            String url = RELEASE.rows.get(q * 31).item().url();
            assertEquals(embedded.byUrl(url), published.byUrl(url));
            var variants = RELEASE.variants(random, 31);
            assertEquals(embedded.byPdq(variants, 31), published.byPdq(variants, 31), "query " + q);
            float[] vector = org.takedown.matching.embed.Vectors.normalize(ContractRelease.around(random,
                    RELEASE.imageCentres[q % RELEASE.imageCentres.length], 0.3f));
            assertEquals(embedded.imageNeighbours(vector, 10), published.imageNeighbours(vector, 10), "query " + q);
        }
        assertEquals(embedded.byDomainOrPrefix("example.com", 50), published.byDomainOrPrefix("example.com", 50));
        assertEquals(embedded.byCaptionText("café", 0, 20, 0).hits().stream().map(h -> h.item()).toList(),
                published.byCaptionText("café", 0, 20, 0).hits().stream().map(h -> h.item()).toList());
        assertEquals(2, http.send("GET", "published-*/_settings", null).path(published.index()).path("settings")
                .path("index").path("number_of_shards").asInt());
        assertEquals(2, org.takedown.matching.cli.OpenSearchPublishCommand.run(new String[] {"opensearch-publish"},
                new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertEquals(1, org.takedown.matching.cli.OpenSearchPublishCommand.run(new String[] {"opensearch-publish",
                embeddedDir.toString(), ContractRelease.DATASET, "not-ingested", cluster.httpUrl()},
                new java.io.PrintStream(out), new java.io.PrintStream(err)));
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The nodes that hold the release's started shards. */
    static Set<String> shardNodes() {
        JsonNode shards = http.send("GET", "_cat/shards/" + openSearch.index() + "?format=json", null);
        java.util.List<String> nodes = new java.util.ArrayList<>();
        shards.forEach(s -> {
            assertEquals("STARTED", s.path("state").asText(), s.toString());
            nodes.add(s.path("node").asText());
        });
        return nodes.stream().collect(Collectors.toSet());
    }
}
