package org.takedown.matching.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.takedown.events.NormalizedUrl;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.LuceneDatasetIndex;

/**
 * LAION-style Parquet metadata with optional {@code img_emb/*.npy} embeddings ({@link ParquetInput}, read with
 * DuckDB), checkpointed by file and row; rows are analysed and indexed by {@link ParallelIndexer} while this thread
 * reads on.
 */
final class ParquetSource {

    private final ReleaseIngester ingester;

    ParquetSource(ReleaseIngester ingester) {
        this.ingester = ingester;
    }

    IngestResult ingest(Path input, List<Path> files, String datasetId, String releaseId, ReleaseIngester.Listener listener,
                                       BooleanSupplier stopRequested, Path published, Path building) throws IOException {
        try (java.sql.Connection duck = ParquetInput.connect()) {
            ParquetInput parquet = ParquetInput.open(input, files, duck);
            Files.createDirectories(building);
            // Progress counts rows here: the total comes from the Parquet footers.
            IngestRun run = new IngestRun(input, datasetId, releaseId, parquet.totalRows, IngestRun.readCheckpoint(building));
            ingester.startModels(true, parquet.dims, building);
            if (run.checkpointManifestSize >= 0 && (run.checkpointManifestSize != parquet.totalRows
                    || run.checkpointShards != files.size())) {
                throw new IllegalStateException("the input " + input + " has " + parquet.totalRows + " rows in "
                        + files.size() + " Parquet files but the checkpoint in " + building + " was taken on "
                        + run.checkpointManifestSize + " rows; delete that directory to start over");
            }
            run.shards = files;
            if (!run.complete) {
                index(run, parquet, duck, building, listener, stopRequested);
            }
            return ingester.publish(run, building, published, listener);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("DuckDB could not be started for " + input + ": " + ParquetInput.firstLine(e), e);
        }
    }

    private void index(IngestRun run, ParquetInput parquet, java.sql.Connection duck, Path building, ReleaseIngester.Listener listener,
                              BooleanSupplier stopRequested) throws IOException {
        IndexWriterConfig config = ingester.writerConfig();
        try (FSDirectory dir = FSDirectory.open(building);
             IndexWriter writer = new IndexWriter(dir, config);
             ParallelIndexer indexer = new ParallelIndexer(writer, ReleaseIngester.indexThreads(), 512)) {
            IngestPace pace = ingester.pace(run, writer, listener, stopRequested);
            pace.beforeCheckpoint = indexer::drain;
            while (run.shard < parquet.files.size()) {
                Path file = parquet.files.get(run.shard);
                String name = file.getFileName().toString();
                String stem = name.substring(0, name.length() - ".parquet".length());
                NpyFile embeddings = parquet.embeddings.isEmpty() ? null : NpyFile.open(parquet.embeddings.get(run.shard));
                try (embeddings;
                     java.sql.Statement statement = duck.createStatement();
                     java.sql.ResultSet rows = statement.executeQuery("SELECT " + ParquetInput.indexedColumns(duck, file)
                             + " FROM read_parquet(" + ParquetInput.literal(file)
                             + ", file_row_number = true) WHERE file_row_number >= " + run.member)) {
                    java.sql.ResultSetMetaData meta = rows.getMetaData();
                    int url = 0;
                    int caption = 0;
                    int key = 0;
                    int rowNumber = 0;
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        switch (meta.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT)) {
                            case "url" -> url = c;
                            case "text", "caption" -> caption = caption == 0 ? c : caption;
                            case "key", "id" -> key = key == 0 ? c : key;
                            case "file_row_number" -> rowNumber = c;
                            default -> { }
                        }
                    }
                    if (url == 0) {
                        throw new IllegalStateException(name + ": no URL column; the release stays unpublished");
                    }
                    while (rows.next()) {
                        long row = rows.getLong(rowNumber);
                        run.lines++;
                        run.member = row + 1;
                        run.offset++;
                        String where = name + " row " + row;
                        Optional<String> normalized = NormalizedUrl.parse(rows.getString(url));
                        if (normalized.isEmpty()) {
                            run.bad(run.lines, where + ": \"URL\" is not an http(s) URL");
                        } else {
                            String id = key == 0 ? stem + ":" + row : rows.getString(key);
                            IndexedItem item = new IndexedItem(id == null ? stem + ":" + row : id, normalized.get(),
                                    caption == 0 ? null : rows.getString(caption));
                            org.apache.lucene.document.Document doc = ingester.plainDocument(item);
                            boolean good = true;
                            if (embeddings != null) {
                                try {
                                    doc.add(LuceneDatasetIndex.imageEmbedding(embeddings.row(row)));
                                } catch (IllegalArgumentException e) {
                                    run.bad(run.lines, where + ": its embedding in img_emb/"
                                            + parquet.embeddings.get(run.shard).getFileName() + " is unusable (" + e.getMessage() + ")");
                                    good = false;
                                }
                            }
                            if (good) {
                                indexer.add(doc);
                                run.good++;
                            }
                        }
                        pace.rowDone();
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(name + ": reading failed after row " + (run.member - 1) + " ("
                            + ParquetInput.firstLine(e) + "); the release stays unpublished, resumable from the last checkpoint", e);
                }
                run.shard++;
                run.member = 0;
            }
            if (parquet.dims > 0) {
                ingester.embeddingInfo(Map.of(ReleaseIngester.EMBEDDING_DIMS, Integer.toString(parquet.dims), ReleaseIngester.EMBEDDING_SOURCE,
                        "img_emb/*.npy (" + parquet.dtype + ")"));
            }
            indexer.drain();
            ingester.checkpoint(run, writer, true);
            run.complete = true;
        }
    }
}
