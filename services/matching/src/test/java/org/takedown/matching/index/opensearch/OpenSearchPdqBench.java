package org.takedown.matching.index.opensearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.opensearch.node.OpenSearchCluster;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;

/**
 * PDQ lookups/s on the same hashes: OpenSearch (chunk terms + exact re-check, a real 2-node cluster), the embedded
 * index (multi-index hashing) and a brute-force scan; and how many answers differ (a main method, not a test: timings
 * on a shared machine are noise). Run after {@code mvn -o -q test-compile} with the test class path:
 * <pre>
 *   java -cp "target/classes:target/test-classes:$(cat /tmp/cp.txt)" \
 *       org.takedown.matching.index.opensearch.OpenSearchPdqBench [hashes=100000] [queries=2000] [shards=2]
 * </pre>
 * Hashes in near-duplicate families of about ten (0..40 bits from the family's base); queries are family bases with
 * 0..31 bits flipped (one variant), all at distance 31.
 */
public final class OpenSearchPdqBench {

    private OpenSearchPdqBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queryCount = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int shards = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Random random = new Random(2026);
        PdqHash[] bases = new PdqHash[Math.max(1, n / 10)];
        for (int f = 0; f < bases.length; f++) {
            bases[f] = ContractRelease.random(random);
        }
        List<OpenSearchReleaseWriter.Row> rows = new ArrayList<>(n);
        PdqHash[] hashes = new PdqHash[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = ContractRelease.near(random, bases[random.nextInt(bases.length)], random.nextInt(41));
            rows.add(new OpenSearchReleaseWriter.Row(new IndexedItem("i" + i, "https://h" + (i % 97) + ".example/" + i + ".jpg",
                    null, hashes[i].toHex()), hashes[i], 100, List.of(), null, null));
        }
        List<Map<Dihedral, PdqHash>> queries = new ArrayList<>();
        for (int q = 0; q < queryCount; q++) {
            queries.add(Map.of(Dihedral.ORIGINAL, ContractRelease.near(random, bases[random.nextInt(bases.length)], random.nextInt(32))));
        }

        Path dir = Files.createTempDirectory("pdq-bench");
        try (FSDirectory fs = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(fs, new IndexWriterConfig())) {
            for (OpenSearchReleaseWriter.Row row : rows) {
                Document doc = LuceneDatasetIndex.document(row.item(), row.hash(), row.quality(), List.of());
                writer.addDocument(doc);
            }
            writer.commit();
        }
        try (LuceneDatasetIndex embedded = LuceneDatasetIndex.open(dir, "bench", "r1");
             OpenSearchCluster cluster = OpenSearchCluster.start(2)) {
            OpenSearchHttp http = new OpenSearchHttp(cluster.httpUrls(), new ObjectMapper());
            long t0 = System.nanoTime();
            OpenSearchReleaseWriter writer = OpenSearchReleaseWriter.create(http, "bench", "bench", "r1", shards, 0,
                    Optional.empty(), Optional.empty());
            rows.forEach(writer::add);
            OpenSearchDatasetIndex openSearch = writer.finish();
            double bulkSeconds = (System.nanoTime() - t0) / 1e9;
            http.send("POST", openSearch.index() + "/_forcemerge?max_num_segments=1", null);
            long storeBytes = http.send("GET", openSearch.index() + "/_stats/store", null).path("_all").path("primaries")
                    .path("store").path("size_in_bytes").asLong();

            // Warm-up, then timed runs on the same queries.
            for (int q = 0; q < Math.min(200, queryCount); q++) {
                openSearch.byPdq(queries.get(q), 31);
                embedded.byPdq(queries.get(q), 31);
            }
            long hits = 0;
            long start = System.nanoTime();
            List<List<DatasetIndex.PdqHit>> osAnswers = new ArrayList<>();
            for (Map<Dihedral, PdqHash> query : queries) {
                List<DatasetIndex.PdqHit> answer = openSearch.byPdq(query, 31);
                osAnswers.add(answer);
                hits += answer.size();
            }
            double osSeconds = (System.nanoTime() - start) / 1e9;
            // The baseline in the same run: every candidate of the chunk terms fetched and checked in Java.
            OpenSearchDatasetIndex inJava = openSearch.checkingInJava();
            for (int q = 0; q < Math.min(200, queryCount); q++) {
                inJava.byPdq(queries.get(q), 31);
            }
            int javaDifferences = 0;
            start = System.nanoTime();
            for (int q = 0; q < queryCount; q++) {
                javaDifferences += inJava.byPdq(queries.get(q), 31).equals(osAnswers.get(q)) ? 0 : 1;
            }
            double javaSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            List<List<DatasetIndex.PdqHit>> embeddedAnswers = new ArrayList<>();
            for (Map<Dihedral, PdqHash> query : queries) {
                embeddedAnswers.add(embedded.byPdq(query, 31));
            }
            double embeddedSeconds = (System.nanoTime() - start) / 1e9;
            int bruteQueries = Math.min(queryCount, 500);
            int bruteDifferences = 0;
            start = System.nanoTime();
            for (int q = 0; q < bruteQueries; q++) {
                PdqHash query = queries.get(q).get(Dihedral.ORIGINAL);
                int found = 0;
                for (PdqHash hash : hashes) {
                    if (hash.hamming(query) <= 31) {
                        found++;
                    }
                }
                bruteDifferences += found == osAnswers.get(q).size() ? 0 : 1;
            }
            double bruteSeconds = (System.nanoTime() - start) / 1e9;
            int differences = 0;
            for (int q = 0; q < queryCount; q++) {
                differences += osAnswers.get(q).equals(embeddedAnswers.get(q)) ? 0 : 1;
            }
            String report = String.format(java.util.Locale.ROOT,
                    "hashes %d, queries %d, hits %d (%.1f per query), shards %d on 2 nodes%n"
                            + "bulk write into OpenSearch: %.1f s (%.0f rows/s); primary store after force-merge %.1f MB, %.0f bytes per row%n"
                            + "OpenSearch (chunk terms + exact check in the cluster), 1 client thread: %.0f lookups/s (mean %.2f ms)%n"
                            + "OpenSearch, baseline (chunk terms, every candidate checked in Java): %.0f lookups/s (mean %.2f ms); "
                            + "answers differing from the in-cluster check: %d%n"
                            + "embedded MIH (LuceneDatasetIndex.byPdq), 1 thread: %.0f lookups/s%n"
                            + "brute-force scan, 1 thread (%d queries): %.0f lookups/s%n"
                            + "answers differing OpenSearch vs embedded: %d of %d; hit counts differing from the scan: %d of %d%n",
                    n, queryCount, hits, (double) hits / queryCount, shards, bulkSeconds, n / bulkSeconds, storeBytes / 1e6,
                    (double) storeBytes / n,
                    queryCount / osSeconds, 1000 * osSeconds / queryCount, queryCount / javaSeconds,
                    1000 * javaSeconds / queryCount, javaDifferences, queryCount / embeddedSeconds,
                    bruteQueries, bruteQueries / bruteSeconds, differences, queryCount, bruteDifferences, bruteQueries);
            System.out.print(report);
            Files.writeString(Path.of(System.getProperty("bench.out", "/tmp/opensearch-pdq-bench.txt")), report);
        }
    }
}
