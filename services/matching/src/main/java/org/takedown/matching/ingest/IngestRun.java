package org.takedown.matching.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.FSDirectory;

/**
 * The checkpoint of a release's ingestion: the state of one run (rows read, good and bad, where in the input it
 * stands), read back from the user data of the building index's last commit and written into each new commit. A
 * Lucene commit is atomic, so the documents and the checkpoint always agree.
 */
final class IngestRun {

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

    IngestRun(Path manifest, String datasetId, String releaseId, long totalBytes, Map<String, String> checkpoint) {
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
        if (badSamples.size() < ReleaseIngester.BAD_ROW_SAMPLES) {
            badSamples.add(new BadRow(line, reason));
        }
    }

    IngestProgress progress(boolean done) {
        return new IngestProgress(datasetId, releaseId, lines, good, bad, offset, totalBytes, resumedAtLine,
                resumedAtByte, System.nanoTime() - started, done);
    }

    /**
     * Commits what {@code writer} holds with this run's checkpoint and {@code extra} (models, features, and on
     * completion what the release records about itself).
     */
    void commit(IndexWriter writer, boolean complete, Map<String, String> extra) throws IOException {
        Map<String, String> data = new HashMap<>();
        data.put(LINE, Long.toString(lines));
        data.put(OFFSET, Long.toString(offset));
        data.put(GOOD, Long.toString(good));
        data.put(BAD, Long.toString(bad));
        data.put(MANIFEST_SIZE, Long.toString(totalBytes));
        data.put(COMPLETE, Boolean.toString(complete));
        data.putAll(extra);
        if (shards != null && !shards.isEmpty()) {
            data.put(SHARD, Integer.toString(shard));
            data.put(MEMBER, Long.toString(member));
            data.put(SHARDS, Integer.toString(shards.size()));
        }
        data.put(BAD_SAMPLES, encode(badSamples));
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
    }

    /** The user data of the last commit in {@code building}, or an empty map for a fresh start. */
    static Map<String, String> readCheckpoint(Path building) throws IOException {
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
}
