package org.takedown.matching.demo;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one webdataset tar shard the way img2dataset does: per sample {@code KEY.jpg} (the image),
 * {@code KEY.txt} (the caption) and {@code KEY.json} (metadata with {@code url}, {@code key}, ...),
 * consecutive in the archive.
 */
public final class WebDatasetWriter implements Closeable {

    private final TarArchiveOutputStream tar;

    public WebDatasetWriter(Path shard) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(shard), 1 << 16);
        tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    /** One sample; {@code image} and {@code caption} may be null (left out), {@code json} is a JSON object's text. */
    public void add(String key, String imageExtension, byte[] image, String caption, String json) throws IOException {
        if (image != null) {
            member(key + "." + imageExtension, image);
        }
        if (caption != null) {
            member(key + ".txt", caption.getBytes(StandardCharsets.UTF_8));
        }
        if (json != null) {
            member(key + ".json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Any member, e.g. one a test wants to be odd. */
    public void member(String name, byte[] data) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
        tar.finish();
        tar.close();
    }
}
