package org.takedown.matching.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.index.JsonlDatasetIndex;
import org.takedown.matching.index.LiveDatasetIndex;
import org.takedown.matching.index.PublishedReleaseConfig;

class IngestionServiceTest {

    @TempDir
    Path dir;

    private LiveDatasetIndex live;
    private IngestionService service;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("inbox"));
        live = new LiveDatasetIndex(JsonlDatasetIndex.empty("ds", "old"));
        service = new IngestionService(ingestConfig(dir.resolve("inbox")), PublishedReleaseConfig.of(dir.resolve("indexes"), "old"), live,
                hashingConfig());
    }

    @AfterEach
    void tearDown() {
        service.shutdown();
    }

    private void manifest(String name, int rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            sb.append("{\"id\":\"r").append(i).append("\",\"url\":\"https://example.org/p/").append(i)
                    .append(".jpg\",\"caption\":\"picture ").append(i).append("\"}\n");
        }
        Files.writeString(dir.resolve("inbox").resolve(name), sb);
    }

    private IngestionStatus await(String release, Predicate<IngestionStatus> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            IngestionStatus status = service.status("ds", release).orElseThrow();
            if (done.test(status)) {
                return status;
            }
            try {
                Thread.sleep(20); // polling interval, not a wait for a result
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("ingestion of " + release + " did not get there: " + service.status("ds", release));
    }

    @Test
    void aPublishedReleaseOfTheServedDataSetIsSwitchedIn() throws IOException {
        manifest("m.jsonl", 500);

        service.start("ds", "new", "m.jsonl");
        IngestionStatus done = await("new", s -> s.state() != IngestionStatus.State.RUNNING);

        assertEquals(IngestionStatus.State.PUBLISHED, done.state(), String.valueOf(done.error()));
        assertEquals(500, done.goodRows());
        assertTrue(done.serving());
        assertEquals("new", live.releaseId());
        assertEquals("r7", live.byUrl("https://example.org/p/7.jpg").get(0).itemId());
    }

    @Test
    void aStoppedIngestionLeavesTheOldReleaseServedAndResumesLater() throws IOException {
        manifest("big.jsonl", 2_000);

        service.start("ds", "next", "big.jsonl");
        service.stop("ds", "next");
        IngestionStatus stopped = await("next", s -> s.state() != IngestionStatus.State.RUNNING);

        assertEquals(IngestionStatus.State.STOPPED, stopped.state());
        assertTrue(stopped.lines() < 2_000);
        assertEquals("old", live.releaseId(), "requests still see the old release");

        service.start("ds", "next", "big.jsonl");
        IngestionStatus done = await("next", s -> s.state() != IngestionStatus.State.RUNNING);

        assertEquals(IngestionStatus.State.PUBLISHED, done.state(), String.valueOf(done.error()));
        assertEquals(2_000, done.goodRows());
        assertEquals("next", live.releaseId());
        assertEquals(2_000, live.size());
    }

    @Test
    void aDirectoryOfShardsIsIngestedAndItsImagesAreSearchableOnceSwitchedIn() throws Exception {
        Path shards = Files.createDirectories(dir.resolve("inbox").resolve("shards"));
        java.awt.image.BufferedImage picture = org.takedown.matching.demo.SyntheticImages.picture(3, 320, 240);
        try (org.takedown.matching.demo.WebDatasetWriter w = new org.takedown.matching.demo.WebDatasetWriter(shards.resolve("00000.tar"))) {
            w.add("000000001", "png", org.takedown.matching.demo.SyntheticImages.png(picture), "a picture",
                    "{\"key\":\"p-1\",\"url\":\"https://example.org/p/1.png\"}");
        }

        service.start("ds", "wds", "shards");
        IngestionStatus done = await("wds", s -> s.state() != IngestionStatus.State.RUNNING);

        assertEquals(IngestionStatus.State.PUBLISHED, done.state(), String.valueOf(done.error()));
        assertEquals(1, done.goodRows());
        assertEquals(1, live.hashedItems());
        var hits = live.byPdq(org.takedown.matching.pdq.PdqImages.hash(picture).variants(), 31);
        assertEquals("p-1", hits.get(0).item().itemId());
    }

    @Test
    void aCorruptShardFailsTheIngestionAndTheOldReleaseStaysServed() throws Exception {
        Path shard = dir.resolve("inbox").resolve("bad.tar");
        byte[] garbage = new byte[1536];
        java.util.Arrays.fill(garbage, (byte) 'x');
        Files.write(shard, garbage);

        service.start("ds", "broken", "bad.tar");
        IngestionStatus failed = await("broken", s -> s.state() != IngestionStatus.State.RUNNING);

        assertEquals(IngestionStatus.State.FAILED, failed.state());
        assertTrue(failed.error().startsWith("bad.tar: the tar is corrupt at member 1"), failed.error());
        assertEquals("old", live.releaseId());
    }

    @Test
    void onlyPlainNamesOfFilesInTheInboxAreIngested() throws IOException {
        Files.writeString(dir.resolve("outside.jsonl"), "{\"id\":\"x\",\"url\":\"https://example.org/x.jpg\"}\n");

        assertThrows(IllegalArgumentException.class, () -> service.start("ds", "r1", "../outside.jsonl"));
        IngestionService.RefusedException missing = assertThrows(IngestionService.RefusedException.class,
                () -> service.start("ds", "r1", "nope.jsonl"));
        assertEquals(IngestionService.Refusal.NO_SUCH_MANIFEST, missing.refusal());
    }

    @Test
    void aPublishedReleaseIsNotIngestedAgain() throws IOException {
        manifest("m.jsonl", 10);
        service.start("ds", "r1", "m.jsonl");
        await("r1", s -> s.state() == IngestionStatus.State.PUBLISHED);

        IngestionService.RefusedException again = assertThrows(IngestionService.RefusedException.class,
                () -> service.start("ds", "r1", "m.jsonl"));
        assertEquals(IngestionService.Refusal.ALREADY_PUBLISHED, again.refusal());
    }

    private static IngestConfig ingestConfig(Path inbox) {
        return new IngestConfig() {
            @Override
            public Optional<Path> inbox() {
                return Optional.of(inbox);
            }

            @Override
            public int checkpointRows() {
                return 100;
            }

            @Override
            public boolean localFeatures() {
                return true;
            }
        };
    }

    private static org.takedown.matching.hash.HashingConfig hashingConfig() {
        return new org.takedown.matching.hash.HashingConfig() {
            @Override
            public long maxImageBytes() {
                return 1 << 20;
            }

            @Override
            public long maxPixels() {
                return 4_000_000;
            }
        };
    }
}
