package org.takedown.matching.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.takedown.matching.ingest.BadRow;
import org.takedown.matching.ingest.IngestResult;
import org.takedown.matching.ingest.IngestionInterruptedException;
import org.takedown.matching.ingest.ReleaseIngester;
import org.takedown.matching.ingest.ReleaseStore;

/**
 * {@code ingest INDEX_ROOT DATASET RELEASE MANIFEST.jsonl|SHARD.tar|SHARD_DIR|FILE.parquet|PARQUET_DIR [CHECKPOINT_ROWS]}:
 * ingests a JSONL manifest, webdataset tar shards or LAION-style Parquet metadata (with optional
 * {@code img_emb/*.npy}) into {@code INDEX_ROOT/DATASET/RELEASE}, printing progress (percent, rows/s, ETA) to
 * stderr and a summary to stdout. Run it again after a crash or Ctrl-C: it continues from the
 * last checkpoint. Exit status 0 when published, 1 when the ingestion failed (resumable), 2 on a
 * usage error.
 */
public final class IngestCommand {

    private static final int DEFAULT_CHECKPOINT_ROWS = 50_000;

    private IngestCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 5 || args.length > 6 || !"ingest".equals(args[0])) {
            err.println("usage: ingest INDEX_ROOT DATASET RELEASE MANIFEST.jsonl|SHARD.tar|SHARD_DIR|FILE.parquet|PARQUET_DIR [CHECKPOINT_ROWS]");
            return 2;
        }
        Path manifest = Path.of(args[4]);
        if (!Files.isRegularFile(manifest) && !Files.isDirectory(manifest)) {
            err.println(manifest + ": no such file");
            return 2;
        }
        int checkpointRows;
        try {
            checkpointRows = args.length == 6 ? Integer.parseInt(args[5]) : DEFAULT_CHECKPOINT_ROWS;
            ReleaseStore.checkId(args[2]);
            ReleaseStore.checkId(args[3]);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        ReleaseIngester ingester = new ReleaseIngester(new ReleaseStore(Path.of(args[1])), checkpointRows, 1_000_000_000L);
        try {
            // Image/caption embeddings from -Dtakedown.matching.embedding.* (README "Image and caption embeddings").
            ingester.embedding(org.takedown.matching.embed.CliEmbedding.from(System.getProperties()));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            IngestResult result = ingester.ingest(manifest, args[2], args[3], p -> err.println(p.line()));
            out.println("published " + result.releaseDir() + ": " + result.progress().goodRows() + " rows indexed, "
                    + result.progress().badRows() + " bad rows skipped");
            for (BadRow bad : result.badRowSamples()) {
                out.println("  bad row: " + bad.reason());
            }
            return 0;
        } catch (IngestionInterruptedException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
