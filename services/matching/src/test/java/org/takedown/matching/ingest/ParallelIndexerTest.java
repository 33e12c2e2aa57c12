package org.takedown.matching.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class ParallelIndexerTest {

    @Test
    void afterDrainEveryDocumentHandedOverIsInTheWriterOnce() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
             IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()))) {
            try (ParallelIndexer indexer = new ParallelIndexer(writer, 3, 7)) {
                for (int i = 0; i < 1000; i++) {
                    indexer.add(doc("d" + i));
                }
                indexer.drain();
                writer.commit();
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertEquals(1000, reader.numDocs());
                IndexSearcher searcher = new IndexSearcher(reader);
                for (int i = 0; i < 1000; i += 37) {
                    assertEquals(1, searcher.count(new TermQuery(new Term("k", "d" + i))), "d" + i);
                }
            }
        }
    }

    @Test
    void aFailureInAnIndexingThreadSurfacesAtTheNextDrain() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
             IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()));
             ParallelIndexer indexer = new ParallelIndexer(writer, 2, 4)) {
            indexer.add(doc("ok"));
            indexer.add(doc("x".repeat(40_000))); // over Lucene's 32,766-byte term limit
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, indexer::drain);
            assertEquals(true, e.getMessage().contains("immense term"), e.getMessage());
        }
    }

    private static Document doc(String key) {
        Document doc = new Document();
        doc.add(new StringField("k", key, Field.Store.NO));
        return doc;
    }
}
