package org.takedown.matching.index.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;
import org.takedown.events.NormalizedUrl;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.index.opensearch.OpenSearchReleaseWriter.Row;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;

/**
 * What every backend of {@link DatasetIndex} answers for one release ({@link ContractRelease}): the answers worked out
 * by brute force from the rows, and for BM25 scores those of embedded Lucene. Subclasses give the backend: embedded
 * Lucene, OpenSearch on one node, OpenSearch on two nodes with several shards.
 */
abstract class DatasetIndexContract {

    static final ContractRelease RELEASE = new ContractRelease(1500, 17);

    /** The backend under test, opened once per class. */
    protected abstract DatasetIndex index();

    /** The embedded release (BM25 scores are compared with its). */
    protected abstract LuceneDatasetIndex reference();

    protected abstract List<DatasetIndex.VectorHit> captionNeighbours(float[] vector, int k);

    /** How many queries {@link #pdqIsExactAgainstBruteForceOnNearDuplicateFamilies()} asks. */
    protected int pdqExactnessQueries() {
        return 10_000;
    }

    @Test
    void sizeHashedItemsAndModelsAreThoseOfTheRelease() {
        assertEquals(RELEASE.rows.size(), index().size());
        assertEquals(RELEASE.hashedItems(), index().hashedItems());
        assertEquals(Optional.of(ContractRelease.IMAGE_MODEL), index().imageModel());
        assertEquals(Optional.of(ContractRelease.CAPTION_MODEL), index().captionModel());
        assertEquals(ContractRelease.DATASET, index().datasetId());
        assertEquals(ContractRelease.RELEASE, index().releaseId());
    }

    @Test
    void urlLookupsFindEveryItemWithTheUrlInReleaseOrderWithAllItsFields() {
        int multiple = 0;
        for (int i = 0; i < RELEASE.rows.size(); i += 7) {
            String url = RELEASE.rows.get(i).item().url();
            List<IndexedItem> expected = RELEASE.byUrl(url);
            multiple += expected.size() > 1 ? 1 : 0;
            assertEquals(expected, index().byUrl(url), url);
        }
        assertTrue(multiple > 0, "some URLs are in the release twice");
        String duplicated = RELEASE.rows.get(49).item().url();
        assertTrue(index().byUrl(duplicated).size() >= 2, duplicated);
        assertEquals(List.of(), index().byUrl(NormalizedUrl.parse("https://unknown.example/p/1.jpg").orElseThrow()));
        // Exact, not a prefix: a URL cut short finds nothing.
        String cut = RELEASE.rows.get(0).item().url();
        assertEquals(RELEASE.byUrl(cut.substring(0, cut.length() - 1)), index().byUrl(cut.substring(0, cut.length() - 1)));
    }

    @Test
    void domainLookupsFindTheDomainAndItsSubdomainsInReleaseOrderWithTheTotal() {
        for (String domain : List.of("example.com", "img.example.com", "cdn.img.example.com", "example.org",
                "example.net", "b.example.net", "com", "ample.com", "unknown.example")) {
            for (int limit : new int[] {0, 1, 7, 100, 5000}) {
                DatasetIndex.Page expected = RELEASE.byDomainOrPrefix(domain, limit);
                assertEquals(expected, index().byDomainOrPrefix(domain, limit), domain + " limit " + limit);
            }
        }
        assertTrue(RELEASE.byDomainOrPrefix("example.com", 10).total() > 100);
    }

    @Test
    void prefixLookupsFindTheUrlsUnderThePrefixInReleaseOrderWithTheTotal() {
        Set<String> prefixes = new LinkedHashSet<>();
        for (int i = 0; i < RELEASE.rows.size(); i += 97) {
            String url = RELEASE.rows.get(i).item().url();
            prefixes.add(url.substring(0, url.indexOf("/p/") + 3));
            prefixes.add(url.substring(0, url.indexOf("/p/") + 4));
            prefixes.add(url);
        }
        prefixes.add("https://unknown.example/");
        for (String prefix : prefixes) {
            for (int limit : new int[] {0, 3, 50, 5000}) {
                assertEquals(RELEASE.byDomainOrPrefix(prefix, limit), index().byDomainOrPrefix(prefix, limit),
                        prefix + " limit " + limit);
            }
        }
    }

    @Test
    void captionSearchFindsItemsWithEveryTermRankedByBm25AsEmbeddedLucene() {
        List<String> queries = List.of("cat", "Café", "café dog", "KÖLN", "crème brûlée", "smörgåsbord, zürich", "straße",
                "über niño", "São Paulo", "naïve garçon résumé", "cat dog beach", "cat cat", "absentword", "!!!", "");
        for (String text : queries) {
            for (double[] page : new double[][] {{0, 10, 0}, {5, 10, 0}, {0, 2000, 0}, {0, 20, 2.5}, {3, 1, 1.0}}) {
                int offset = (int) page[0];
                int limit = (int) page[1];
                DatasetIndex.ScoredPage expected = reference().byCaptionText(text, offset, limit, page[2]);
                DatasetIndex.ScoredPage actual = index().byCaptionText(text, offset, limit, page[2]);
                String what = "'" + text + "' " + java.util.Arrays.toString(page);
                assertEquals(expected.total(), actual.total(), what);
                assertEquals(expected.hits().stream().map(h -> h.item()).toList(), actual.hits().stream().map(h -> h.item()).toList(), what);
                for (int i = 0; i < expected.hits().size(); i++) {
                    double e = expected.hits().get(i).score();
                    double a = actual.hits().get(i).score();
                    assertEquals(e, a, 1e-5 * Math.max(1, Math.abs(e)), what + " hit " + i);
                }
            }
            // Whatever the reference says: the hits are those captions with every term of the query, best first.
            DatasetIndex.ScoredPage all = index().byCaptionText(text, 0, 5000, 0);
            List<String> terms = tokens(text);
            long expectedTotal = terms.isEmpty() ? 0 : RELEASE.rows.stream().map(Row::item)
                    .filter(i -> i.caption() != null && tokens(i.caption()).containsAll(terms)).count();
            assertEquals(expectedTotal, all.total(), text);
            for (int i = 1; i < all.hits().size(); i++) {
                assertTrue(all.hits().get(i - 1).score() >= all.hits().get(i).score(), text);
            }
        }
        assertTrue(index().byCaptionText("café", 0, 10, 0).total() > 10, "accented captions are found by their accented words");
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        try (Analyzer analyzer = new StandardAnalyzer(); TokenStream stream = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    @Test
    void pdqLookupsWithDihedralVariantsAndStoredViewsAnswerAsBruteForce() {
        Random random = new Random(23);
        int hits = 0;
        int viewHits = 0;
        int otherVariants = 0;
        for (int q = 0; q < 300; q++) {
            Map<Dihedral, PdqHash> variants = RELEASE.variants(random, 36);
            int maxDistance = new int[] {0, 8, 20, 31, 45}[q % 5];
            for (DatasetIndex.PdqScope scope : DatasetIndex.PdqScope.values()) {
                List<DatasetIndex.PdqHit> expected = RELEASE.byPdq(variants, maxDistance, scope);
                assertEquals(expected, index().byPdq(variants, maxDistance, scope), "query " + q + " " + scope + " d " + maxDistance);
                hits += expected.size();
                viewHits += (int) expected.stream().filter(h -> h.itemFrame() != org.takedown.matching.pdq.FrameViews.Frame.FULL).count();
                otherVariants += (int) expected.stream().filter(h -> h.variant() != Dihedral.ORIGINAL).count();
            }
            if (q % 10 == 0) {
                assertEquals(index().byPdq(variants, maxDistance, DatasetIndex.PdqScope.WITH_VIEWS), index().byPdq(variants, maxDistance));
            }
        }
        assertTrue(hits > 1000 && viewHits > 50 && otherVariants > 300, hits + " hits, " + viewHits + " through views, "
                + otherVariants + " through other variants");
        assertEquals(List.of(), index().byPdq(Map.of(), 31));
    }

    @Test
    void pdqIsExactAgainstBruteForceOnNearDuplicateFamilies() {
        Random random = new Random(31);
        int differences = 0;
        long hits = 0;
        String first = null;
        for (int q = 0; q < pdqExactnessQueries(); q++) {
            PdqHash query = ContractRelease.near(random, RELEASE.families[random.nextInt(ContractRelease.FAMILIES)],
                    random.nextInt(32));
            Map<Dihedral, PdqHash> variants = Map.of(Dihedral.ORIGINAL, query);
            int maxDistance = 31 - random.nextInt(4) * 5;
            List<DatasetIndex.PdqHit> expected = RELEASE.byPdq(variants, maxDistance, DatasetIndex.PdqScope.WITH_VIEWS);
            List<DatasetIndex.PdqHit> actual = index().byPdq(variants, maxDistance, DatasetIndex.PdqScope.WITH_VIEWS);
            hits += expected.size();
            if (!expected.equals(actual)) {
                differences++;
                first = first == null ? "query " + q + ": expected " + expected + " got " + actual : first;
            }
        }
        assertEquals(0, differences, first);
        assertTrue(hits > pdqExactnessQueries(), "near-duplicate queries find items: " + hits);
    }

    @Test
    void imageNeighboursAreTheExactNearestAfterReRanking() {
        Random random = new Random(41);
        for (int q = 0; q < 40; q++) {
            float[] query = org.takedown.matching.embed.Vectors.normalize(ContractRelease.around(random,
                    RELEASE.imageCentres[q % RELEASE.imageCentres.length], 0.3f));
            for (int k : new int[] {1, 10, 60}) {
                assertEquals(RELEASE.nearest(query, k, true), index().imageNeighbours(query, k), "query " + q + " k " + k);
            }
        }
        assertEquals(List.of(), index().imageNeighbours(new float[ContractRelease.IMAGE_MODEL.dimensions()], 0));
        assertThrows(IllegalArgumentException.class, () -> index().imageNeighbours(new float[3], 5));
    }

    @Test
    void captionNeighboursAreTheExactNearestAfterReRanking() {
        Random random = new Random(43);
        for (int q = 0; q < 40; q++) {
            float[] query = org.takedown.matching.embed.Vectors.normalize(ContractRelease.around(random,
                    RELEASE.captionCentres[q % RELEASE.captionCentres.length], 0.3f));
            for (int k : new int[] {1, 10, 60}) {
                assertEquals(RELEASE.nearest(query, k, false), captionNeighbours(query, k), "query " + q + " k " + k);
            }
        }
        // The release's caption vectors are not all-MiniLM-L6-v2's: text is not embedded against them.
        assertEquals(List.of(), index().semanticCaptions("a cat on a beach", 5));
    }
}
