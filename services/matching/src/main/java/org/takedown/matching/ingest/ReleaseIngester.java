package org.takedown.matching.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.takedown.matching.hash.ImageHashing;
import org.takedown.matching.hash.ImageRejectedException;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.ItemImage;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqResult;

/**
 * Ingests a release into an on-disk Lucene index, resumably and atomically, from one of three sources (each a class
 * of its own: {@link JsonlSource}, {@link TarShardSource}, {@link ParquetSource}; the checkpoint is {@link IngestRun}
 * and the loop's rhythm {@link IngestPace}):
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
                return new ParquetSource(this).ingest(manifest, parquet, datasetId, releaseId, listener, stopRequested,
                        published, building);
            }
            List<Path> shards = TarShardSource.shards(manifest);
            long totalBytes = 0;
            for (Path file : shards.isEmpty() ? List.of(manifest) : shards) {
                totalBytes += Files.size(file);
            }
            Files.createDirectories(building);
            IngestRun run = new IngestRun(manifest, datasetId, releaseId, totalBytes, IngestRun.readCheckpoint(building));
            startModels(false, 0, building);
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
                    new JsonlSource(this).index(run, building, listener, stopRequested);
                } else {
                    new TarShardSource(this).index(run, building, listener, stopRequested);
                }
            }
            return publish(run, building, published, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("ingestion of " + datasetId + "/" + releaseId + " from " + manifest
                    + " failed; resumable from the last checkpoint in " + building, e);
        }
    }

    /** Publishes the complete release by renaming its building directory: nothing half-indexed is ever published. */
    IngestResult publish(IngestRun run, Path building, Path published, Listener listener) throws IOException {
        Files.move(building, published, StandardCopyOption.ATOMIC_MOVE);
        IngestProgress done = run.progress(true);
        listener.progress(done);
        return new IngestResult(published, done, List.copyOf(run.badSamples));
    }

    /**
     * Records the models this run embeds with (in every commit) and refuses to resume a checkpoint taken with other
     * ones.
     */
    void startModels(boolean withImageVectors, int dims, Path building) throws IOException {
        modelData = embedding.commitData(withImageVectors, dims);
        org.takedown.matching.embed.IngestEmbedding.checkResume(IngestRun.readCheckpoint(building), modelData, building);
    }

    /** What the release records about its image embeddings, written into its final commit. */
    void embeddingInfo(Map<String, String> info) {
        this.embeddingInfo = info;
    }

    ObjectMapper json() {
        return json;
    }

    long maxImageBytes() {
        return images.maxBytes();
    }

    /** An item without an image: its fields and caption, embedded as this ingester embeds. */
    Document plainDocument(IndexedItem item) {
        return embedding.enrich(LuceneDatasetIndex.document(item), item.caption(), null);
    }

    /**
     * An item with its image: decoded under the hashing limits, PDQ-hashed with its reframed views and local
     * features, embedded, and with where its bytes are ({@code location}); empty when the image is refused (a bad
     * row, with the reason, at {@code where}).
     */
    Optional<Document> imageDocument(IndexedItem item, byte[] bytes, ItemImage location, String where, IngestRun run) {
        return hash(bytes, where, run).map(pdq -> embedding.enrich(LuceneDatasetIndex.withImage(
                LuceneDatasetIndex.withKeypoints(LuceneDatasetIndex.document(item, pdq, lastViews), lastKeypoints), location),
                item.caption(), lastDecoded));
    }

    /** Decodes and hashes an image; one that is refused is a bad row with the reason. */
    private Optional<PdqResult> hash(byte[] bytes, String where, IngestRun run) {
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

    IndexWriterConfig writerConfig() {
        return new IndexWriterConfig(new StandardAnalyzer())
                .setCodec(embedding.codec())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false) // anything after the last checkpoint is rolled back
                .setRAMBufferSizeMB(128);
    }

    /** Threads that analyse and index Parquet rows while the calling thread reads them: one per core. */
    static int indexThreads() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /** The loop's rhythm for {@code run}, committing {@code writer}'s documents with the run's checkpoint. */
    IngestPace pace(IngestRun run, IndexWriter writer, Listener listener, BooleanSupplier stopRequested) {
        return new IngestPace(run, () -> checkpoint(run, writer, false), listener, stopRequested, checkpointRows,
                progressIntervalNanos);
    }

    /** Commits with the run's checkpoint, the models and features it was built with and, when complete, the release's facts. */
    void checkpoint(IngestRun run, IndexWriter writer, boolean complete) throws IOException {
        Map<String, String> extra = new HashMap<>(modelData);
        if (localFeatures) {
            extra.put(org.takedown.matching.features.LocalFeatures.COMMIT_KEY, org.takedown.matching.features.LocalFeatures.VERSION);
        }
        if (complete) {
            extra.putAll(embeddingInfo);
        }
        run.commit(writer, complete, extra);
    }

    /** A tar shard whose structure cannot be read; the run fails (resumable once the shard is fixed). */
    public static final class CorruptShardException extends IllegalStateException {
        CorruptShardException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
