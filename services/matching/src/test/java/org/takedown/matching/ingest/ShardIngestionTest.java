package org.takedown.matching.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.demo.WebDatasetWriter;
import org.takedown.matching.hash.ImageHashing;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqHasher;
import org.takedown.pdq.PdqResult;

/** Webdataset tar shards and JSONL manifests with local images: hashed, resumable, bad input named. */
class ShardIngestionTest {

    @TempDir
    Path dir;

    private static final PdqHasher HASHER = new PdqHasher();

    private static byte[] image(int seed) {
        return SyntheticImages.png(SyntheticImages.picture(seed, 160, 120));
    }

    private static PdqResult hash(byte[] png) throws Exception {
        return PdqImages.hash(new ImageHashing(1 << 20, 4_000_000).decode(png).image());
    }

    private static String json(String key, String url) {
        return "{\"key\":\"" + key + "\",\"url\":\"" + url + "\",\"width\":160,\"height\":120,\"status\":\"success\"}";
    }

    /** {@code shards} shards of {@code perShard} good samples each; keys 000000001... across shards. */
    private Path shards(int shards, int perShard) throws IOException {
        Path out = Files.createDirectories(dir.resolve("shards"));
        int n = 0;
        for (int s = 0; s < shards; s++) {
            try (WebDatasetWriter w = new WebDatasetWriter(out.resolve(String.format("%05d.tar", s)))) {
                for (int i = 0; i < perShard; i++) {
                    n++;
                    String key = String.format("%09d", n);
                    w.add(key, "jpg", SyntheticImages.jpeg(SyntheticImages.picture(n, 160, 120), 0.9f),
                            "caption of sample " + n, json(key, "https://cdn.example.org/img/" + n + ".jpg"));
                }
            }
        }
        return out;
    }

    private ReleaseIngester ingester(int checkpointRows) {
        return new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), checkpointRows, Long.MAX_VALUE,
                new ImageHashing(1 << 20, 4_000_000));
    }

    @Test
    void ingestsSamplesWithCaptionUrlAndPdqHashAndNamesBadMembers() throws Exception {
        Path shard = dir.resolve("00000.tar");
        byte[] png = image(7);
        try (WebDatasetWriter w = new WebDatasetWriter(shard)) {
            w.add("s/000000001", "png", png, "a red kite over the hill\n", json("000000001", "https://img.example.org/a/1.png"));
            w.add("s/000000002", "jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x01}, "broken",
                    json("000000002", "https://img.example.org/a/2.jpg"));
            w.add("s/000000003", "png", image(8), "no url", "{\"key\":\"000000003\",\"status\":\"success\"}");
            w.add("s/000000004", "png", image(9), "metadata is not json", "{oops");
            w.add("s/000000005", null, null, "an item without its image", json("000000005", "https://img.example.org/a/5.png"));
        }

        IngestResult result = ingester(100).ingest(shard, "wds", "r1", p -> { });

        assertEquals(5, result.progress().lines());
        assertEquals(2, result.progress().goodRows());
        assertEquals(3, result.progress().badRows());
        List<String> reasons = result.badRowSamples().stream().map(BadRow::reason).toList();
        assertTrue(reasons.get(0).startsWith("00000.tar member s/000000002.jpg will not be hashed: "), reasons.get(0));
        assertTrue(reasons.get(1).contains("00000.tar sample s/000000003: no http(s) \"url\""), reasons.get(1));
        assertTrue(reasons.get(2).contains("00000.tar member s/000000004.json: not a JSON object"), reasons.get(2));
        assertEquals(List.of(2L, 3L, 4L), result.badRowSamples().stream().map(BadRow::line).toList());
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(result.releaseDir(), "wds", "r1")) {
            assertEquals(2, index.size());
            assertEquals(1, index.hashedItems());
            var item = index.byUrl("https://img.example.org/a/1.png").get(0);
            assertEquals("000000001", item.itemId());
            assertEquals("a red kite over the hill", item.caption());
            assertEquals(hash(png).hash().toHex(), item.pdq(), "the item carries its own PDQ hash");
            List<DatasetIndex.PdqHit> hits = index.byPdq(hash(png).variants(), 31);
            assertEquals(1, hits.size());
            assertEquals("000000001", hits.get(0).item().itemId());
            assertEquals(0, hits.get(0).distance());
            assertTrue(index.byPdq(hash(image(8)).variants(), 31).isEmpty(), "an unrelated image");
            assertEquals("000000005", index.byUrl("https://img.example.org/a/5.png").get(0).itemId());
        }
    }

    @Test
    void eachItemKnowsWhereItsImageBytesAreInTheShardEvenAfterAResumedRun() throws Exception {
        Path shards = shards(2, 5);
        ReleaseIngester ingester = ingester(3);
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IngestionInterruptedException.class,
                () -> ingester.ingest(shards, "wds", "img", p -> { }, () -> calls.incrementAndGet() == 7));
        IngestResult result = ingester.ingest(shards, "wds", "img", p -> { });

        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(result.releaseDir(), "wds", "img")) {
            for (int n = 1; n <= 10; n++) {
                String id = String.format("%09d", n);
                byte[] expected = SyntheticImages.jpeg(SyntheticImages.picture(n, 160, 120), 0.9f);
                var image = index.imageOf(id, "https://cdn.example.org/img/" + n + ".jpg").orElseThrow();
                assertEquals(String.format("%05d.tar", (n - 1) / 5), image.file().getFileName().toString());
                assertTrue(java.util.Arrays.equals(expected, image.read(1 << 20).orElseThrow()), "the bytes of sample " + n);
            }
            assertTrue(index.imageOf("000000002", "https://cdn.example.org/img/1.jpg").isEmpty(), "another item's URL");
            var first = index.imageOf("000000001", "https://cdn.example.org/img/1.jpg").orElseThrow();
            assertTrue(first.read(first.length() - 1).isEmpty(), "a range over the limit is not read");
        }
    }

    @Test
    void aStoppedRunResumesAtItsCheckpointAcrossShardsWithEverySampleOnce() throws Exception {
        Path shards = shards(3, 7);
        AtomicInteger calls = new AtomicInteger();
        ReleaseIngester ingester = ingester(4);

        IngestionInterruptedException stopped = assertThrows(IngestionInterruptedException.class,
                () -> ingester.ingest(shards, "wds", "r2", p -> { }, () -> calls.incrementAndGet() == 10));
        assertEquals(10, stopped.checkpoint().lines());
        assertFalse(new ReleaseStore(dir.resolve("indexes")).isPublished("wds", "r2"));

        IngestResult result = ingester.ingest(shards, "wds", "r2", p -> { });

        assertEquals(21, result.progress().lines());
        assertEquals(21, result.progress().goodRows());
        assertEquals(100.0, result.progress().percent(), 0.001);
        List<String> ids = storedIds(result.releaseDir());
        assertEquals(21, ids.size());
        assertEquals(21, new HashSet<>(ids).size(), "no sample twice");
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(result.releaseDir(), "wds", "r2")) {
            assertEquals(21, index.hashedItems());
        }
    }

    @Test
    void aTruncatedMemberIsABadSampleNamingFileAndMemberAndTheRestIsPublished() throws Exception {
        Path shards = shards(1, 3);
        Path shard = shards.resolve("00000.tar");
        // Cut the shard in the middle of the last sample's image.
        byte[] bytes = Files.readAllBytes(shard);
        int lastJpg = indexOf(bytes, "000000003.jpg".getBytes(StandardCharsets.US_ASCII));
        Files.write(shard, java.util.Arrays.copyOf(bytes, lastJpg + 512 + 300));

        IngestResult result = ingester(100).ingest(shards, "wds", "r3", p -> { });

        assertEquals(2, result.progress().goodRows());
        assertEquals(1, result.progress().badRows());
        assertEquals("00000.tar member 000000003.jpg: truncated (the shard ends inside it)",
                result.badRowSamples().get(0).reason());
        assertTrue(new ReleaseStore(dir.resolve("indexes")).isPublished("wds", "r3"));
    }

    @Test
    void aCorruptTarFailsTheRunAndNothingIsPublished() throws Exception {
        Path shards = shards(1, 3);
        Path shard = shards.resolve("00000.tar");
        int second = indexOf(Files.readAllBytes(shard), "000000001.txt".getBytes(StandardCharsets.US_ASCII));
        try (RandomAccessFile file = new RandomAccessFile(shard.toFile(), "rw")) {
            file.seek(second + 148); // the header's checksum field
            file.write("zzzzzzz".getBytes(StandardCharsets.US_ASCII));
        }

        ReleaseIngester.CorruptShardException e = assertThrows(ReleaseIngester.CorruptShardException.class,
                () -> ingester(100).ingest(shards, "wds", "r4", p -> { }));

        assertTrue(e.getMessage().startsWith("00000.tar: the tar is corrupt at member 2"), e.getMessage());
        assertFalse(new ReleaseStore(dir.resolve("indexes")).isPublished("wds", "r4"));
    }

    @Test
    void aJsonlManifestMayNameLocalImagesInsideItsDirectoryOnly() throws Exception {
        Path release = Files.createDirectories(dir.resolve("release"));
        Files.createDirectories(release.resolve("img"));
        byte[] png = image(11);
        Files.write(release.resolve("img/a.png"), png);
        Files.write(release.resolve("img/broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});
        Files.write(dir.resolve("outside.png"), image(12));
        Files.writeString(release.resolve("release.jsonl"), String.join("\n",
                "{\"id\":\"a\",\"url\":\"https://x.example/a.png\",\"caption\":\"a\",\"image\":\"img/a.png\"}",
                "{\"id\":\"b\",\"url\":\"https://x.example/b.png\",\"image\":\"../outside.png\"}",
                "{\"id\":\"c\",\"url\":\"https://x.example/c.png\",\"image\":\"img/missing.png\"}",
                "{\"id\":\"d\",\"url\":\"https://x.example/d.jpg\",\"image\":\"img/broken.jpg\"}",
                "{\"id\":\"e\",\"url\":\"https://x.example/e.jpg\",\"image\":\"" + dir.resolve("outside.png") + "\"}",
                "{\"id\":\"f\",\"url\":\"https://x.example/f.jpg\"}") + "\n");

        IngestResult result = ingester(100).ingest(release.resolve("release.jsonl"), "jl", "r1", p -> { });

        assertEquals(2, result.progress().goodRows());
        List<String> reasons = result.badRowSamples().stream().map(BadRow::reason).toList();
        assertEquals(4, reasons.size(), reasons.toString());
        assertEquals("release.jsonl line 2: image \"../outside.png\" is outside the manifest's directory", reasons.get(0));
        assertEquals("release.jsonl line 3: image \"img/missing.png\" does not exist", reasons.get(1));
        assertTrue(reasons.get(2).startsWith("release.jsonl line 4: image \"img/broken.jpg\" will not be hashed"), reasons.get(2));
        assertTrue(reasons.get(3).endsWith("is outside the manifest's directory"), reasons.get(3));
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(result.releaseDir(), "jl", "r1")) {
            assertEquals(1, index.hashedItems());
            assertEquals("a", index.byPdq(hash(png).variants(), 0).get(0).item().itemId());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static List<String> storedIds(Path releaseDir) throws IOException {
        List<String> ids = new ArrayList<>();
        try (FSDirectory d = FSDirectory.open(releaseDir); DirectoryReader reader = DirectoryReader.open(d)) {
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                Document stored = reader.storedFields().document(doc);
                ids.add(stored.get("id"));
            }
        }
        return ids;
    }
}
