package org.takedown.matching.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
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
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.takedown.events.NormalizedUrl;
import org.takedown.matching.hash.ImageHashing;
import org.takedown.matching.hash.ImageRejectedException;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.ItemImage;
import org.takedown.matching.index.JsonlDatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqResult;

/**
 * Ingests a release into an on-disk Lucene index, resumably and atomically, from either
 * <ul>
 * <li>a JSONL manifest ({@code {"id","url","caption","image"}} per line; {@code image} optional, a
 * path relative to the manifest's directory and never outside it), or</li>
 * <li>img2dataset / webdataset tar shards: one {@code .tar} file, or a directory whose {@code *.tar}
 * files are read in name order. A sample is the consecutive members sharing a key
 * ({@code 000001.jpg}, {@code 000001.txt} caption, {@code 000001.json} with {@code url},
 * {@code key}, ...).</li>
 * <li>LAION-style Parquet metadata with optional {@code img_emb/*.npy} embeddings
 * ({@link ParquetInput}, read with DuckDB), checkpointed by file and row.</li>
 * </ul>
 * Every image (JPEG, PNG, GIF, BMP, TIFF) is decoded under the hashing limits and PDQ-hashed; its
 * hash and quality are stored with the item.
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
 * <p>For tar shards the checkpoint is the shard and the number of members read in it at a sample
 * boundary; a resumed run skips those members (headers only, no decoding) and continues.
 *
 * <p><b>Bad rows</b> (not JSON, no usable URL, over {@link #MAX_LINE_BYTES}, an image that is missing,
 * over the limits or will not decode, a truncated tar member) are counted and skipped, the first
 * {@link #BAD_ROW_SAMPLES} kept with line (or sample number) and a reason naming file and member;
 * they never stop a run. A tar whose headers are corrupt stops it: the release stays unpublished.
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
    static final String SHARD = "takedown.shard";
    static final String MEMBER = "takedown.member";
    static final String SHARDS = "takedown.shards";
    public static final String EMBEDDING_DIMS = "takedown.embeddingDims";
    public static final String EMBEDDING_SOURCE = "takedown.embeddingSource";

    /** Receives progress at every checkpoint and about once per {@code progressIntervalNanos}. */
    public interface Listener {
        void progress(IngestProgress progress);
    }

    private final ReleaseStore store;
    private final int checkpointRows;
    private final long progressIntervalNanos;
    private final ObjectMapper json = new ObjectMapper();
    private final ImageHashing images;
    private final org.takedown.matching.pdq.FrameViews frames = new org.takedown.matching.pdq.FrameViews();
    /** Written into the final commit of a release with image embeddings. */
    private Map<String, String> embeddingInfo = Map.of();
    /** What this ingester embeds (nothing by default), and the models it records in every commit. */
    private org.takedown.matching.embed.IngestEmbedding embedding = org.takedown.matching.embed.IngestEmbedding.NONE;
    private Map<String, String> modelData = Map.of();
    /** The image the last {@link #hash} call decoded, to embed it without decoding twice. */
    private PdqImages.RgbImage lastDecoded;
    /** The extra views of the image last hashed (content inside borders, centred square), stored with its item. */
    private java.util.List<org.takedown.matching.pdq.FrameViews.View> lastViews = java.util.List.of();
    /** Whether items get local features ({@link org.takedown.matching.features.LocalFeatures}); on by default. */
    private boolean localFeatures = true;
    /** The local features of the image last hashed (none when they are off). */
    private java.util.List<org.takedown.matching.features.Keypoint> lastKeypoints = java.util.List.of();

    /** With the service's default image limits (20 MiB, 50 megapixels). */
    public ReleaseIngester(ReleaseStore store, int checkpointRows, long progressIntervalNanos) {
        this(store, checkpointRows, progressIntervalNanos, new ImageHashing(20L << 20, 50_000_000L));
    }

    public ReleaseIngester(ReleaseStore store, int checkpointRows, long progressIntervalNanos, ImageHashing images) {
        this.images = Objects.requireNonNull(images, "images");
        if (checkpointRows < 1) {
            throw new IllegalArgumentException("checkpointRows must be at least 1");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.checkpointRows = checkpointRows;
        this.progressIntervalNanos = progressIntervalNanos;
    }

    /**
     * Whether to store local features with each item's image (for crops PDQ cannot reach): about 2.4 KB
     * per item on disk and 3 KB of heap per item while the release is open.
     */
    public ReleaseIngester localFeatures(boolean on) {
        this.localFeatures = on;
        return this;
    }

    /** Embeds images and captions during ingestion as {@code embedding} says (see {@link org.takedown.matching.embed.IngestEmbedding}). */
    public ReleaseIngester embedding(org.takedown.matching.embed.IngestEmbedding embedding) {
        this.embedding = Objects.requireNonNull(embedding, "embedding");
        return this;
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
            List<Path> parquet = ParquetInput.parquetFiles(manifest);
            if (!parquet.isEmpty()) {
                return ingestParquet(manifest, parquet, datasetId, releaseId, listener, stopRequested, published, building);
            }
            List<Path> shards = shards(manifest);
            long totalBytes = 0;
            for (Path file : shards.isEmpty() ? List.of(manifest) : shards) {
                totalBytes += Files.size(file);
            }
            Files.createDirectories(building);
            Run run = new Run(manifest, datasetId, releaseId, totalBytes, readCheckpoint(building));
            modelData = embedding.commitData(false, 0);
            org.takedown.matching.embed.IngestEmbedding.checkResume(readCheckpoint(building), modelData, building);
            if (run.checkpointManifestSize >= 0 && (run.checkpointManifestSize != totalBytes
                    || (!shards.isEmpty() && run.checkpointShards != shards.size()))) {
                throw new IllegalStateException("the input " + manifest + " has " + totalBytes
                        + " bytes" + (shards.isEmpty() ? "" : " in " + shards.size() + " shards")
                        + " but the checkpoint in " + building + " was taken on " + run.checkpointManifestSize
                        + " bytes; delete that directory to start over");
            }
            run.shards = shards;
            if (!run.complete) {
                if (shards.isEmpty()) {
                    index(run, building, listener, stopRequested);
                } else {
                    indexShards(run, building, listener, stopRequested);
                }
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
        IndexWriterConfig config = writerConfig();
        try (FSDirectory dir = FSDirectory.open(building);
             IndexWriter writer = new IndexWriter(dir, config);
             FileChannel channel = FileChannel.open(run.manifest, StandardOpenOption.READ)) {
            channel.position(run.offset);
            InputStream in = Channels.newInputStream(channel);
            LineReader lines = new LineReader(in);
            Pace pace = new Pace(run, writer, listener, stopRequested);
            byte[] line;
            while ((line = lines.next()) != null) {
                run.lines++;
                run.offset += lines.consumed();
                indexLine(run, writer, line, lines.truncated());
                pace.rowDone();
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
        JsonlDatasetIndex.Row row;
        try {
            row = JsonlDatasetIndex.parseRow(json, text, run.manifest.getFileName(), run.lines);
        } catch (IllegalArgumentException e) {
            run.bad(run.lines, e.getMessage());
            return;
        }
        if (row.image() == null) {
            writer.addDocument(embedding.enrich(LuceneDatasetIndex.document(row.item()), row.item().caption(), null));
            run.good++;
            return;
        }
        String where = run.manifest.getFileName() + " line " + run.lines + ": image \"" + row.image() + "\"";
        Optional<Path> file = localImage(run.manifest, row.image(), where, run);
        if (file.isEmpty()) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file.get());
        Optional<PdqResult> pdq = hash(bytes, where, run);
        if (pdq.isPresent()) {
            ItemImage image = new ItemImage(file.get(), 0, bytes.length);
            writer.addDocument(embedding.enrich(LuceneDatasetIndex.withImage(LuceneDatasetIndex.withKeypoints(
                    LuceneDatasetIndex.document(row.item(), pdq.get(), lastViews), lastKeypoints), image), row.item().caption(), lastDecoded));
            run.good++;
        }
    }

    /**
     * The image file a JSONL row names, resolved in the manifest's directory; a path that
     * leaves it (absolute, "..", a symbolic link pointing out) is a bad row, as is a missing file.
     */
    private Optional<Path> localImage(Path manifest, String image, String where, Run run) throws IOException {
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
        if (size > images.maxBytes()) {
            run.bad(run.lines, where + " has " + size + " bytes; the limit is " + images.maxBytes());
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** Decodes and hashes an image; one that is refused is a bad row with the reason. */
    private Optional<PdqResult> hash(byte[] bytes, String where, Run run) {
        try {
            lastDecoded = images.decode(bytes).image();
            lastViews = frames.itemViews(lastDecoded);
            lastKeypoints = localFeatures
                    ? org.takedown.matching.features.LocalFeatures.extract(lastDecoded, org.takedown.matching.features.LocalFeatures.ITEM_POINTS)
                    : java.util.List.of();
            return Optional.of(PdqImages.hash(lastDecoded));
        } catch (ImageRejectedException e) {
            run.bad(run.lines, where + " will not be hashed: " + e.getMessage());
            return Optional.empty();
        }
    }

    private IngestResult ingestParquet(Path input, List<Path> files, String datasetId, String releaseId, Listener listener,
                                       BooleanSupplier stopRequested, Path published, Path building) throws IOException {
        try (java.sql.Connection duck = ParquetInput.connect()) {
            ParquetInput parquet = ParquetInput.open(input, files, duck);
            Files.createDirectories(building);
            // Progress counts rows here: the total comes from the Parquet footers.
            Run run = new Run(input, datasetId, releaseId, parquet.totalRows, readCheckpoint(building));
            modelData = embedding.commitData(true, parquet.dims);
            org.takedown.matching.embed.IngestEmbedding.checkResume(readCheckpoint(building), modelData, building);
            if (run.checkpointManifestSize >= 0 && (run.checkpointManifestSize != parquet.totalRows
                    || run.checkpointShards != files.size())) {
                throw new IllegalStateException("the input " + input + " has " + parquet.totalRows + " rows in "
                        + files.size() + " Parquet files but the checkpoint in " + building + " was taken on "
                        + run.checkpointManifestSize + " rows; delete that directory to start over");
            }
            run.shards = files;
            if (!run.complete) {
                indexParquet(run, parquet, duck, building, listener, stopRequested);
            }
            Files.move(building, published, StandardCopyOption.ATOMIC_MOVE);
            IngestProgress done = run.progress(true);
            listener.progress(done);
            return new IngestResult(published, done, List.copyOf(run.badSamples));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("DuckDB could not be started for " + input + ": " + ParquetInput.firstLine(e), e);
        }
    }

    private void indexParquet(Run run, ParquetInput parquet, java.sql.Connection duck, Path building, Listener listener,
                              BooleanSupplier stopRequested) throws IOException {
        IndexWriterConfig config = writerConfig();
        try (FSDirectory dir = FSDirectory.open(building);
             IndexWriter writer = new IndexWriter(dir, config);
             ParallelIndexer indexer = new ParallelIndexer(writer, indexThreads(), 512)) {
            Pace pace = new Pace(run, writer, listener, stopRequested);
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
                            org.apache.lucene.document.Document doc = embedding.enrich(LuceneDatasetIndex.document(item),
                                    item.caption(), null);
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
                embeddingInfo = Map.of(EMBEDDING_DIMS, Integer.toString(parquet.dims), EMBEDDING_SOURCE,
                        "img_emb/*.npy (" + parquet.dtype + ")");
            }
            indexer.drain();
            checkpoint(run, writer, true);
            run.complete = true;
        }
    }

    /** The tar shards to read, in name order; empty when the input is a JSONL manifest. */
    static List<Path> shards(Path input) throws IOException {
        if (Files.isDirectory(input)) {
            try (Stream<Path> files = Files.list(input)) {
                List<Path> shards = files.filter(f -> f.getFileName().toString().endsWith(".tar") && Files.isRegularFile(f))
                        .sorted().toList();
                if (shards.isEmpty()) {
                    throw new IllegalArgumentException("the directory " + input + " holds no .tar shards");
                }
                return shards;
            }
        }
        return input.getFileName().toString().endsWith(".tar") ? List.of(input) : List.of();
    }

    private void indexShards(Run run, Path building, Listener listener, BooleanSupplier stopRequested)
            throws IOException {
        IndexWriterConfig config = writerConfig();
        try (FSDirectory dir = FSDirectory.open(building);
             IndexWriter writer = new IndexWriter(dir, config)) {
            Pace pace = new Pace(run, writer, listener, stopRequested);
            long shardBase = 0;
            for (int s = 0; s < run.shard; s++) {
                shardBase += Files.size(run.shards.get(s));
            }
            while (run.shard < run.shards.size()) {
                Path shard = run.shards.get(run.shard);
                long base = shardBase;
                readShard(run, shard, base, sample -> {
                    indexSample(run, writer, shard, sample);
                    pace.rowDone();
                });
                shardBase += Files.size(shard);
                run.shard++;
                run.member = 0;
                run.offset = shardBase;
            }
            checkpoint(run, writer, true);
            run.complete = true;
        }
    }

    /** The members of one webdataset sample, by extension; a member cut short is named in {@code truncated}. */
    static final class Sample {
        final String key;
        final Map<String, byte[]> members = new HashMap<>();
        final Map<String, String> names = new HashMap<>();
        /** Where each member's data starts in the shard, for {@link ItemImage}. */
        final Map<String, Long> offsets = new HashMap<>();
        String truncated;
        String tooLarge;

        Sample(String key) {
            this.key = key;
        }
    }

    private interface SampleHandler {
        void accept(Sample sample) throws IOException;
    }

    /**
     * Reads the samples of one shard from the checkpoint's member on, handing each complete sample
     * to {@code handler} with {@code run.member} set to the first member after it, so that a
     * checkpoint taken in the handler resumes at the next sample.
     */
    private void readShard(Run run, Path shard, long shardBase, SampleHandler handler) throws IOException {
        String file = shard.getFileName().toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(shard), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            long member = 0;
            for (; member < run.member; member++) {
                if (nextEntry(tar, file, member) == null) {
                    throw new IllegalStateException("the shard " + file + " has fewer members than its checkpoint ("
                            + run.member + "); delete the .building directory to start over");
                }
            }
            Sample pending = null;
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar, file, member)) != null) {
                if (entry.isFile()) {
                    String key = sampleKey(entry.getName());
                    if (pending != null && !key.equals(pending.key)) {
                        run.member = member;
                        run.offset = shardBase + tar.getBytesRead();
                        handler.accept(pending);
                        pending = null;
                    }
                    if (pending == null) {
                        pending = new Sample(key);
                    }
                    String ext = extension(entry.getName());
                    if (IMAGE_EXTENSIONS.contains(ext) || ext.equals("txt") || ext.equals("json")) {
                        long limit = IMAGE_EXTENSIONS.contains(ext) ? images.maxBytes() : MAX_LINE_BYTES;
                        if (entry.getSize() > limit) {
                            pending.tooLarge = entry.getName() + " has " + entry.getSize() + " bytes; the limit is " + limit;
                        } else {
                            try {
                                long dataOffset = tar.getBytesRead();
                                pending.members.put(ext, tar.readAllBytes());
                                pending.offsets.put(ext, dataOffset);
                                pending.names.put(ext, entry.getName());
                            } catch (IOException e) {
                                // The shard ends inside this member: the sample is bad, the shard is over.
                                pending.truncated = entry.getName();
                                member++;
                                break;
                            }
                        }
                    }
                }
                member++;
            }
            if (pending != null) {
                run.member = member;
                run.offset = shardBase + tar.getBytesRead();
                handler.accept(pending);
            }
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, String file, long member) {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptShardException(file + ": the tar is corrupt at member " + (member + 1) + " ("
                    + e.getMessage() + "); the release stays unpublished", e);
        }
    }

    /** A tar shard whose structure cannot be read; the run fails (resumable once the shard is fixed). */
    public static final class CorruptShardException extends IllegalStateException {
        CorruptShardException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final java.util.Set<String> IMAGE_EXTENSIONS = java.util.Set.of("jpg", "jpeg", "png", "gif", "bmp",
            "tif", "tiff", "webp");

    /** The webdataset key: the member's path up to the first '.' of its file name. */
    static String sampleKey(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }

    private void indexSample(Run run, IndexWriter writer, Path shard, Sample sample) throws IOException {
        run.lines++;
        String where = shard.getFileName() + " sample " + sample.key;
        if (sample.truncated != null) {
            run.bad(run.lines, shard.getFileName() + " member " + sample.truncated + ": truncated (the shard ends inside it)");
            return;
        }
        if (sample.tooLarge != null) {
            run.bad(run.lines, shard.getFileName() + " member " + sample.tooLarge);
            return;
        }
        String id = sample.key.substring(sample.key.lastIndexOf('/') + 1);
        String url = null;
        String caption = null;
        byte[] metadata = sample.members.get("json");
        if (metadata != null) {
            JsonNode node;
            try {
                node = json.readTree(metadata);
            } catch (IOException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                run.bad(run.lines, shard.getFileName() + " member " + sample.names.get("json") + ": not a JSON object");
                return;
            }
            url = node.path("url").asText(null);
            id = node.path("key").asText(id);
            caption = node.path("caption").asText(null);
        }
        byte[] text = sample.members.get("txt");
        if (text != null) {
            caption = new String(text, StandardCharsets.UTF_8).strip();
        }
        Optional<String> normalized = NormalizedUrl.parse(url);
        if (normalized.isEmpty()) {
            run.bad(run.lines, where + ": no http(s) \"url\" in its .json");
            return;
        }
        IndexedItem item = new IndexedItem(id, normalized.get(), caption);
        String imageExt = IMAGE_EXTENSIONS.stream().filter(sample.members::containsKey).findFirst().orElse(null);
        if (imageExt == null) {
            writer.addDocument(embedding.enrich(LuceneDatasetIndex.document(item), item.caption(), null));
            run.good++;
            return;
        }
        Optional<PdqResult> pdq = hash(sample.members.get(imageExt),
                shard.getFileName() + " member " + sample.names.get(imageExt), run);
        if (pdq.isPresent()) {
            ItemImage image = new ItemImage(shard, sample.offsets.get(imageExt), sample.members.get(imageExt).length);
            writer.addDocument(embedding.enrich(LuceneDatasetIndex.withImage(LuceneDatasetIndex.withKeypoints(
                    LuceneDatasetIndex.document(item, pdq.get(), lastViews), lastKeypoints), image), item.caption(), lastDecoded));
            run.good++;
        }
    }

    private IndexWriterConfig writerConfig() {
        return new IndexWriterConfig(new StandardAnalyzer())
                .setCodec(embedding.codec())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false) // anything after the last checkpoint is rolled back
                .setRAMBufferSizeMB(128);
    }

    /** Threads that analyse and index Parquet rows while the calling thread reads them: one per core. */
    private static int indexThreads() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The rhythm of every format's loop: a checkpoint every {@code checkpointRows} rows, progress
     * about every {@code progressIntervalNanos} between them, and a stop, when asked, at a checkpoint.
     */
    private final class Pace {
        private final Run run;
        private final IndexWriter writer;
        private final Listener listener;
        private final BooleanSupplier stopRequested;
        private long sinceCheckpoint;
        private long lastReport = System.nanoTime();
        /** Run before every checkpoint commit, e.g. to wait for indexing threads; none by default. */
        IoAction beforeCheckpoint;

        Pace(Run run, IndexWriter writer, Listener listener, BooleanSupplier stopRequested) {
            this.run = run;
            this.writer = writer;
            this.listener = listener;
            this.stopRequested = stopRequested;
        }

        void rowDone() throws IOException {
            boolean stop = stopRequested.getAsBoolean();
            if (++sinceCheckpoint >= checkpointRows || stop) {
                if (beforeCheckpoint != null) {
                    beforeCheckpoint.run();
                }
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
    }

    /** Something to do that may fail with an I/O error. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    private void checkpoint(Run run, IndexWriter writer, boolean complete) throws IOException {
        Map<String, String> data = new HashMap<>();
        data.put(LINE, Long.toString(run.lines));
        data.put(OFFSET, Long.toString(run.offset));
        data.put(GOOD, Long.toString(run.good));
        data.put(BAD, Long.toString(run.bad));
        data.put(MANIFEST_SIZE, Long.toString(run.totalBytes));
        data.put(COMPLETE, Boolean.toString(complete));
        data.putAll(modelData);
        if (localFeatures) {
            data.put(org.takedown.matching.features.LocalFeatures.COMMIT_KEY, org.takedown.matching.features.LocalFeatures.VERSION);
        }
        if (complete) {
            data.putAll(embeddingInfo);
        }
        if (run.shards != null && !run.shards.isEmpty()) {
            data.put(SHARD, Integer.toString(run.shard));
            data.put(MEMBER, Long.toString(run.member));
            data.put(SHARDS, Integer.toString(run.shards.size()));
        }
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
        final int checkpointShards;
        List<Path> shards;
        int shard;
        long member;
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
            this.checkpointShards = Integer.parseInt(checkpoint.getOrDefault(SHARDS, "-1"));
            this.shard = Integer.parseInt(checkpoint.getOrDefault(SHARD, "0"));
            this.member = Long.parseLong(checkpoint.getOrDefault(MEMBER, "0"));
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
