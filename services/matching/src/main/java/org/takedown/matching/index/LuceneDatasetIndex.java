package org.takedown.matching.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.QueryBuilder;
import org.takedown.events.NormalizedUrl;

/**
 * A release in an embedded Lucene index: the normalised URL as one exact term (exact match and
 * URL prefix), the host and each of its parent domains as exact terms (a domain matches itself
 * and its subdomains with one term lookup), and the caption as analysed full text ranked by BM25
 * (Lucene's default similarity). The index is written once and then only read, so a release
 * becomes searchable all at once.
 */
public final class LuceneDatasetIndex implements DatasetIndex, Closeable {

    static final String ID = "id";
    static final String URL = "url";
    static final String DOMAIN = "domain";
    static final String CAPTION = "caption";

    private final String datasetId;
    private final String releaseId;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = new StandardAnalyzer();

    /** A caption hit with its BM25 score. */
    public record ScoredItem(IndexedItem item, float score) {
    }

    private LuceneDatasetIndex(String datasetId, String releaseId, Directory directory) throws IOException {
        this.datasetId = datasetId;
        this.releaseId = releaseId;
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
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

    /** The Lucene document of one row: the fields every search here relies on. */
    public static Document document(IndexedItem item) {
        Document doc = new Document();
        doc.add(new StringField(ID, item.itemId(), Field.Store.YES));
        doc.add(new StringField(URL, item.url(), Field.Store.YES));
        String host = NormalizedUrl.host(item.url());
        for (String domain = host; domain != null; domain = parent(domain)) {
            doc.add(new StringField(DOMAIN, domain, Field.Store.NO));
        }
        if (item.caption() != null) {
            doc.add(new TextField(CAPTION, item.caption(), Field.Store.YES));
        }
        return doc;
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
    public Page byDomainOrPrefix(String domainOrPrefix, int limit) {
        Query query = domainOrPrefix.contains("://")
                ? new PrefixQuery(new Term(URL, domainOrPrefix))
                : new TermQuery(new Term(DOMAIN, domainOrPrefix));
        return page(query, limit);
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
        return new IndexedItem(stored.get(ID), stored.get(URL), stored.get(CAPTION));
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
        analyzer.close();
    }
}
