package org.takedown.matching.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.JsonlDatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;

/**
 * Ingests a JSONL release manifest ({@code {"id","url","caption"}} per line) into an on-disk
 * Lucene index, resumably and atomically.
 *
 * <p><b>Resumable</b>: every {@code checkpointRows} lines the writer commits, and the commit's user
 * data records the checkpoint (line number and byte offset in the manifest, good and bad row
 * counts). A Lucene commit is atomic, so the documents and the checkpoint always agree; the writer
 * never commits on close, so a crash or an interrupt falls back to the last checkpoint, and a new
 * run seeks to its byte offset and continues: no row is indexed twice or skipped.
 *
 * <p><b>Atomic</b>: the index is built in {@code <release>.building/} and published by renaming the
 * directory once complete; nothing half-indexed is ever at the published path.
 *
 * <p><b>Bad rows</b> (not JSON, no usable URL, over {@link #MAX_LINE_BYTES}) are counted and
 * skipped, the first {@link #BAD_ROW_SAMPLES} kept with line and reason; they never stop a run.
 */
public final class ReleaseIngester {

    public static final int MAX_LINE_BYTES = 1 << 20;
    public static final int BAD_ROW_SAMPLES = 20;
    static final String LINE = "takedown.line";
    static final String OFFSET = "takedown.offset";
    static final String GOOD = "takedown.good";
    static final String BAD = "takedown.bad";
    static final String BAD_SAMPLES = "takedown.badSamples";
    static final String MANIFEST_SIZE = "takedown.manifestSize";
    static final String COMPLETE = "takedown.complete";

    /** Receives progress at every checkpoint and about once per {@code progressIntervalNanos}. */
    public interface Listener {
        void progress(IngestProgress progress);
    }

    private final ReleaseStore store;
    private final int checkpointRows;
    private final long progressIntervalNanos;
    private final ObjectMapper json = new ObjectMapper();

    public ReleaseIngester(ReleaseStore store, int checkpointRows, long progressIntervalNanos) {
        if (checkpointRows < 1) {
            throw new IllegalArgumentException("checkpointRows must be at least 1");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.checkpointRows = checkpointRows;
        this.progressIntervalNanos = progressIntervalNanos;
    }

    /**
     * Ingests {@code manifest} as {@code datasetId/releaseId}, continuing from the checkpoint of an
     * earlier run if there is one, and publishes the release when every line is read.
     *
     * @throws IllegalStateException if the release is already published, or the manifest's size
     *                               differs from the one the checkpoint was taken on
     * @throws IngestionInterruptedException if the thread is interrupted (resumable)
     */
    public IngestResult ingest(Path manifest, String datasetId, String releaseId, Listener listener) {
        return ingest(manifest, datasetId, releaseId, listener, () -> false);
    }

    /**
     * As {@link #ingest(Path, String, String, Listener)}; when {@code stopRequested} turns true the
     * run writes a checkpoint at once and stops with {@link IngestionInterruptedException}. So
     * does an interrupt of the thread, noticed at the next checkpoint.
     */
    public IngestResult ingest(Path manifest, String datasetId, String releaseId, Listener listener,
                               BooleanSupplier stopRequested) {
        Path published = store.published(datasetId, releaseId);
        if (Files.exists(published)) {
            throw new IllegalStateException("release " + datasetId + "/" + releaseId + " is already published at "
                    + published + "; releases are immutable, ingest a new release id instead");
        }
        Path building = store.building(datasetId, releaseId);
        try {
            long totalBytes = Files.size(manifest);
            Files.createDirectories(building);
            Run run = new Run(manifest, datasetId, releaseId, totalBytes, readCheckpoint(building));
            if (run.checkpointManifestSize >= 0 && run.checkpointManifestSize != totalBytes) {
                throw new IllegalStateException("the manifest " + manifest + " has " + totalBytes
                        + " bytes but the checkpoint in " + building + " was taken on " + run.checkpointManifestSize
                        + "; delete that directory to start over");
            }
            if (!run.complete) {
                index(run, building, listener, stopRequested);
            }
            Files.move(building, published, StandardCopyOption.ATOMIC_MOVE);
            IngestProgress done = run.progress(true);
            listener.progress(done);
            return new IngestResult(published, done, List.copyOf(run.badSamples));
        } catch (IOException e) {
            throw new UncheckedIOException("ingestion of " + datasetId + "/" + releaseId + " from " + manifest
                    + " failed; resumable from the last checkpoint in " + building, e);
        }
    }

    private void index(Run run, Path building, Listener listener, BooleanSupplier stopRequested) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false) // anything after the last checkpoint is rolled back
                .setRAMBufferSizeMB(64);
        try (FSDirectory dir = FSDirectory.open(building);
             IndexWriter writer = new IndexWriter(dir, config);
             FileChannel channel = FileChannel.open(run.manifest, StandardOpenOption.READ)) {
            channel.position(run.offset);
            InputStream in = Channels.newInputStream(channel);
            LineReader lines = new LineReader(in);
            long sinceCheckpoint = 0;
            long lastReport = System.nanoTime();
            byte[] line;
            while ((line = lines.next()) != null) {
                run.lines++;
                run.offset += lines.consumed();
                indexLine(run, writer, line, lines.truncated());
                boolean stop = stopRequested.getAsBoolean();
                if (++sinceCheckpoint >= checkpointRows || stop) {
                    checkpoint(run, writer, false);
                    sinceCheckpoint = 0;
                    listener.progress(run.progress(false));
                    lastReport = System.nanoTime();
                    if (stop || Thread.currentThread().isInterrupted()) {
                        throw new IngestionInterruptedException(run.progress(false));
                    }
                } else if (System.nanoTime() - lastReport >= progressIntervalNanos) {
                    listener.progress(run.progress(false));
                    lastReport = System.nanoTime();
                }
            }
            checkpoint(run, writer, true);
            run.complete = true;
        }
    }

    private void indexLine(Run run, IndexWriter writer, byte[] line, boolean truncated) throws IOException {
        if (truncated) {
            run.bad(run.lines, "line longer than " + MAX_LINE_BYTES + " bytes");
            return;
        }
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return;
        }
        IndexedItem item;
        try {
            item = JsonlDatasetIndex.parse(json, text, run.manifest.getFileName(), run.lines);
        } catch (IllegalArgumentException e) {
            run.bad(run.lines, e.getMessage());
            return;
        }
        writer.addDocument(LuceneDatasetIndex.document(item));
        run.good++;
    }

    private void checkpoint(Run run, IndexWriter writer, boolean complete) throws IOException {
        Map<String, String> data = new HashMap<>();
        data.put(LINE, Long.toString(run.lines));
        data.put(OFFSET, Long.toString(run.offset));
        data.put(GOOD, Long.toString(run.good));
        data.put(BAD, Long.toString(run.bad));
        data.put(MANIFEST_SIZE, Long.toString(run.totalBytes));
        data.put(COMPLETE, Boolean.toString(complete));
        data.put(BAD_SAMPLES, encode(run.badSamples));
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
    }

    /** The user data of the last commit in {@code building}, or an empty map for a fresh start. */
    private static Map<String, String> readCheckpoint(Path building) throws IOException {
        try (FSDirectory dir = FSDirectory.open(building)) {
            if (!DirectoryReader.indexExists(dir)) {
                return Map.of();
            }
            List<IndexCommit> commits = DirectoryReader.listCommits(dir);
            return commits.get(commits.size() - 1).getUserData();
        }
    }

    private static String encode(List<BadRow> rows) {
        StringBuilder sb = new StringBuilder();
        for (BadRow row : rows) {
            sb.append(row.line()).append('\t').append(row.reason().replace('\n', ' ').replace('\t', ' ')).append('\n');
        }
        return sb.toString();
    }

    private static List<BadRow> decode(String text) {
        List<BadRow> rows = new ArrayList<>();
        if (text != null) {
            for (String entry : text.split("\n")) {
                int tab = entry.indexOf('\t');
                if (tab > 0) {
                    rows.add(new BadRow(Long.parseLong(entry.substring(0, tab)), entry.substring(tab + 1)));
                }
            }
        }
        return rows;
    }

    /** The state of one run, starting from a checkpoint (or from zero). */
    private static final class Run {
        final Path manifest;
        final String datasetId;
        final String releaseId;
        final long totalBytes;
        final long checkpointManifestSize;
        final long resumedAtLine;
        final long resumedAtByte;
        final long started = System.nanoTime();
        final List<BadRow> badSamples;
        long lines;
        long offset;
        long good;
        long bad;
        boolean complete;

        Run(Path manifest, String datasetId, String releaseId, long totalBytes, Map<String, String> checkpoint) {
            this.manifest = manifest;
            this.datasetId = datasetId;
            this.releaseId = releaseId;
            this.totalBytes = totalBytes;
            this.checkpointManifestSize = Long.parseLong(checkpoint.getOrDefault(MANIFEST_SIZE, "-1"));
            this.lines = Long.parseLong(checkpoint.getOrDefault(LINE, "0"));
            this.offset = Long.parseLong(checkpoint.getOrDefault(OFFSET, "0"));
            this.good = Long.parseLong(checkpoint.getOrDefault(GOOD, "0"));
            this.bad = Long.parseLong(checkpoint.getOrDefault(BAD, "0"));
            this.complete = Boolean.parseBoolean(checkpoint.getOrDefault(COMPLETE, "false"));
            this.badSamples = decode(checkpoint.get(BAD_SAMPLES));
            this.resumedAtLine = lines;
            this.resumedAtByte = offset;
        }

        void bad(long line, String reason) {
            bad++;
            if (badSamples.size() < BAD_ROW_SAMPLES) {
                badSamples.add(new BadRow(line, reason));
            }
        }

        IngestProgress progress(boolean done) {
            return new IngestProgress(datasetId, releaseId, lines, good, bad, offset, totalBytes, resumedAtLine,
                    resumedAtByte, System.nanoTime() - started, done);
        }
    }

    /**
     * Splits a byte stream at '\n' and tells how many bytes each line took (with its terminator),
     * so the checkpoint can record an exact byte offset. A line over {@link #MAX_LINE_BYTES} is
     * read to its end but not kept.
     */
    static final class LineReader {
        private final InputStream in;
        private final byte[] chunk = new byte[1 << 16];
        private int position;
        private int limit;
        private byte[] line = new byte[1024];
        private int length;
        private long consumed;
        private boolean truncated;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its terminator ("\n" or "\r\n"), or null at the end. */
        byte[] next() throws IOException {
            length = 0;
            consumed = 0;
            truncated = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(chunk);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return consumed == 0 ? null : line();
                    }
                }
                int newline = position;
                while (newline < limit && chunk[newline] != '\n') {
                    newline++;
                }
                append(position, newline - position);
                boolean found = newline < limit;
                consumed += newline - position + (found ? 1 : 0);
                position = found ? newline + 1 : newline;
                if (found) {
                    return line();
                }
            }
        }

        private void append(int from, int n) {
            int room = MAX_LINE_BYTES - length;
            if (n > room) {
                truncated = true;
                n = room;
            }
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(length + n, 2 * line.length)));
            }
            System.arraycopy(chunk, from, line, length, n);
            length += n;
        }

        private byte[] line() {
            int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            return Arrays.copyOf(line, n);
        }

        long consumed() {
            return consumed;
        }

        boolean truncated() {
            return truncated;
        }
    }
}
