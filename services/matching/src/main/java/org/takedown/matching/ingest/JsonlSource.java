package org.takedown.matching.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.takedown.matching.index.ItemImage;
import org.takedown.matching.index.JsonlDatasetIndex;

/**
 * A JSONL manifest ({@code {"id","url","caption","image"}} per line; {@code image} optional, a path relative to the
 * manifest's directory and never outside it), checkpointed by line and byte offset: a resumed run seeks there.
 */
final class JsonlSource {

    private final ReleaseIngester ingester;

    JsonlSource(ReleaseIngester ingester) {
        this.ingester = ingester;
    }

    void index(IngestRun run, Path building, ReleaseIngester.Listener listener, BooleanSupplier stopRequested) throws IOException {
        IndexWriterConfig config = ingester.writerConfig();
        try (FSDirectory dir = FSDirectory.open(building);
             IndexWriter writer = new IndexWriter(dir, config);
             FileChannel channel = FileChannel.open(run.manifest, StandardOpenOption.READ)) {
            channel.position(run.offset);
            InputStream in = Channels.newInputStream(channel);
            LineReader lines = new LineReader(in);
            IngestPace pace = ingester.pace(run, writer, listener, stopRequested);
            byte[] line;
            while ((line = lines.next()) != null) {
                run.lines++;
                run.offset += lines.consumed();
                indexLine(run, writer, line, lines.truncated());
                pace.rowDone();
            }
            ingester.checkpoint(run, writer, true);
            run.complete = true;
        }
    }

    private void indexLine(IngestRun run, IndexWriter writer, byte[] line, boolean truncated) throws IOException {
        if (truncated) {
            run.bad(run.lines, "line longer than " + ReleaseIngester.MAX_LINE_BYTES + " bytes");
            return;
        }
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return;
        }
        JsonlDatasetIndex.Row row;
        try {
            row = JsonlDatasetIndex.parseRow(ingester.json(), text, run.manifest.getFileName(), run.lines);
        } catch (IllegalArgumentException e) {
            run.bad(run.lines, e.getMessage());
            return;
        }
        if (row.image() == null) {
            writer.addDocument(ingester.plainDocument(row.item()));
            run.good++;
            return;
        }
        String where = run.manifest.getFileName() + " line " + run.lines + ": image \"" + row.image() + "\"";
        Optional<Path> file = localImage(run.manifest, row.image(), where, run);
        if (file.isEmpty()) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file.get());
        Optional<Document> document = ingester.imageDocument(row.item(), bytes, new ItemImage(file.get(), 0, bytes.length),
                where, run);
        if (document.isPresent()) {
            writer.addDocument(document.get());
            run.good++;
        }
    }

    /**
     * The image file a JSONL row names, resolved in the manifest's directory; a path that
     * leaves it (absolute, "..", a symbolic link pointing out) is a bad row, as is a missing file.
     */
    private Optional<Path> localImage(Path manifest, String image, String where, IngestRun run) throws IOException {
        Path base = manifest.toAbsolutePath().getParent().toRealPath();
        Path file;
        try {
            file = base.resolve(image).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            run.bad(run.lines, where + " is not a valid path");
            return Optional.empty();
        }
        if (Path.of(image).isAbsolute() || !file.startsWith(base)) {
            run.bad(run.lines, where + " is outside the manifest's directory");
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            run.bad(run.lines, where + " does not exist");
            return Optional.empty();
        }
        if (!file.toRealPath().startsWith(base)) {
            run.bad(run.lines, where + " is a link to outside the manifest's directory");
            return Optional.empty();
        }
        long size = Files.size(file);
        if (size > ingester.maxImageBytes()) {
            run.bad(run.lines, where + " has " + size + " bytes; the limit is " + ingester.maxImageBytes());
            return Optional.empty();
        }
        return Optional.of(file);
    }
}
