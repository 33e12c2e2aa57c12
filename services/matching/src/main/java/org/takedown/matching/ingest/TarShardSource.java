package org.takedown.matching.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.takedown.events.NormalizedUrl;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.ItemImage;

/**
 * img2dataset / webdataset tar shards: one {@code .tar} file, or a directory whose {@code *.tar} files are read in
 * name order. A sample is the consecutive members sharing a key ({@code 000001.jpg}, {@code 000001.txt} caption,
 * {@code 000001.json} with {@code url}, {@code key}, ...). The checkpoint is the shard and the number of members read
 * in it at a sample boundary; a resumed run skips those members (headers only, no decoding) and continues.
 */
final class TarShardSource {

    private final ReleaseIngester ingester;

    TarShardSource(ReleaseIngester ingester) {
        this.ingester = ingester;
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

    void index(IngestRun run, Path building, ReleaseIngester.Listener listener, BooleanSupplier stopRequested)
            throws IOException {
        IndexWriterConfig config = ingester.writerConfig();
        try (FSDirectory dir = FSDirectory.open(building);
             IndexWriter writer = new IndexWriter(dir, config)) {
            IngestPace pace = ingester.pace(run, writer, listener, stopRequested);
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
            ingester.checkpoint(run, writer, true);
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
    private void readShard(IngestRun run, Path shard, long shardBase, SampleHandler handler) throws IOException {
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
                        long limit = IMAGE_EXTENSIONS.contains(ext) ? ingester.maxImageBytes() : ReleaseIngester.MAX_LINE_BYTES;
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
            throw new ReleaseIngester.CorruptShardException(file + ": the tar is corrupt at member " + (member + 1) + " ("
                    + e.getMessage() + "); the release stays unpublished", e);
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

    private void indexSample(IngestRun run, IndexWriter writer, Path shard, Sample sample) throws IOException {
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
                node = ingester.json().readTree(metadata);
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
            writer.addDocument(ingester.plainDocument(item));
            run.good++;
            return;
        }
        byte[] bytes = sample.members.get(imageExt);
        Optional<Document> document = ingester.imageDocument(item, bytes,
                new ItemImage(shard, sample.offsets.get(imageExt), bytes.length),
                shard.getFileName() + " member " + sample.names.get(imageExt), run);
        if (document.isPresent()) {
            writer.addDocument(document.get());
            run.good++;
        }
    }
}
