package org.takedown.matching.index;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an item's image bytes are: a byte range of a file the release was ingested from (a member of a
 * webdataset tar shard, or a JSONL manifest's local image file, whole). Releases keep the location, not
 * the bytes: a copy of every image would double the size of a release, and the shards stay where the
 * operator ingested them from (ADR 024). Nothing is ever fetched from the item's URL.
 */
public record ItemImage(Path file, long offset, long length) {

    public ItemImage {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
    }

    /**
     * The bytes, or empty when the file is gone or shorter than the range (a shard moved or replaced
     * since ingestion); refuses ranges over {@code maxBytes}.
     */
    public Optional<byte[]> read(long maxBytes) throws IOException {
        if (length > maxBytes || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() < offset + length) {
                return Optional.empty();
            }
            byte[] bytes = new byte[(int) length];
            in.seek(offset);
            in.readFully(bytes);
            return Optional.of(bytes);
        }
    }
}
