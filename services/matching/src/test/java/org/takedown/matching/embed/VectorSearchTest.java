package org.takedown.matching.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class VectorSearchTest {

    private static final int DIMS = 64;
    private static final int DOCS = 300;

    /**
     * Every vector is the query plus a little noise, so all are almost equally close: closer together than int8
     * quantisation resolves. The graph's own order is then partly wrong; the re-ranked order must be the exact one.
     */
    @Test
    void nearlyEqualNeighboursOfAnInt8GraphComeBackInTheirExactOrderWithExactSimilarities() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        float[] query = Vectors.normalize(random(random, 1.0));
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < DOCS; i++) {
            float[] noise = random(random, 0.02);
            float[] v = new float[DIMS];
            for (int d = 0; d < DIMS; d++) {
                v[d] = query[d] + noise[d];
            }
            vectors.add(Vectors.normalize(v));
        }
        List<Integer> exact = IntStream.range(0, DOCS).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -dot(query, vectors.get(i)))).limit(10).toList();

        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setCodec(VectorCodecs.codec(true)))) {
                for (int i = 0; i < DOCS; i++) {
                    Document doc = new Document();
                    doc.add(new StoredField("i", i));
                    doc.add(new KnnFloatVectorField("v", vectors.get(i), VectorSimilarityFunction.COSINE));
                    writer.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                List<Integer> graphOrder = new ArrayList<>();
                for (ScoreDoc hit : searcher.search(new KnnFloatVectorQuery("v", query, DOCS), 10).scoreDocs) {
                    graphOrder.add(id(searcher, hit.doc));
                }
                assertTrue(!graphOrder.equals(exact), "the quantised graph alone already gives the exact order: the data "
                        + "does not exercise the re-ranking");

                List<VectorSearch.Neighbour> found = VectorSearch.nearest(searcher, "v", query, 10, DOCS);
                assertEquals(exact, found.stream().map(n -> id(searcher, n.doc())).toList());
                for (VectorSearch.Neighbour n : found) {
                    assertEquals(dot(query, vectors.get(id(searcher, n.doc()))), n.cosine(), 1e-5);
                }
            }
        }
    }

    private static int id(IndexSearcher searcher, int doc) {
        try {
            return searcher.storedFields().document(doc).getField("i").numericValue().intValue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static float[] random(SplittableRandom random, double scale) {
        float[] v = new float[DIMS];
        for (int d = 0; d < DIMS; d++) {
            v[d] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
