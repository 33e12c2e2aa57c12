package org.takedown.matching.embed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Nearest neighbours of a unit vector: candidates from the HNSW graph, then re-ranked by the exact cosine against the
 * stored float vectors. An int8-quantised graph orders near-equal neighbours by its approximate scores, which costs
 * recall when many are almost equally close (measured at 1 M x 768: recall@10 0.80 from the graph alone, see
 * docs/benchmarks.md); the float vectors it keeps on disk for merging give the exact order and similarity. For float
 * graphs the re-ranking changes nothing but costs little (a few hundred dot products).
 */
public final class VectorSearch {

    private VectorSearch() {
    }

    /** A document and its exact cosine similarity to the query (-1..1). */
    public record Neighbour(int doc, double cosine) {
    }

    /**
     * The {@code k} documents nearest to {@code query} among {@code candidates} taken from the graph of {@code field}
     * (cosine vectors), nearest first.
     */
    public static List<Neighbour> nearest(IndexSearcher searcher, String field, float[] query, int k, int candidates)
            throws IOException {
        int n = Math.max(k, candidates);
        TopDocs top = searcher.search(new KnnFloatVectorQuery(field, query, n), n);
        ScoreDoc[] hits = top.scoreDocs.clone();
        Arrays.sort(hits, Comparator.comparingInt(h -> h.doc)); // each segment's vectors are read forwards
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<Neighbour> scored = new ArrayList<>(hits.length);
        int leafIndex = -1;
        FloatVectorValues values = null;
        for (ScoreDoc hit : hits) {
            int leaf = ReaderUtil.subIndex(hit.doc, leaves);
            LeafReaderContext context = leaves.get(leaf);
            if (leaf != leafIndex) {
                leafIndex = leaf;
                values = context.reader().getFloatVectorValues(field);
            }
            int local = hit.doc - context.docBase;
            if (values == null || values.docID() > local || values.advance(local) != local) {
                continue; // no vector (cannot happen for a graph hit)
            }
            // Lucene's cosine score is (1 + cos) / 2.
            scored.add(new Neighbour(hit.doc, 2.0 * VectorSimilarityFunction.COSINE.compare(query, values.vectorValue()) - 1.0));
        }
        scored.sort(Comparator.comparingDouble(Neighbour::cosine).reversed().thenComparingInt(Neighbour::doc));
        return scored.size() > k ? List.copyOf(scored.subList(0, k)) : scored;
    }
}
