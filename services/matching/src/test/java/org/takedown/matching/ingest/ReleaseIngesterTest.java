package org.takedown.matching.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.index.LuceneDatasetIndex;

class ReleaseIngesterTest {

    @TempDir
    Path dir;

    /** Rows 1..n; every 100th line (100, 200, ...) is bad, alternately not JSON and not an http(s) URL. */
    private Path manifest(int n) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int line = 1; line <= n; line++) {
            if (line % 200 == 0) {
                sb.append("{not json\n");
            } else if (line % 100 == 0) {
                sb.append("{\"id\":\"r").append(line).append("\",\"url\":\"ftp://example.org/").append(line).append("\"}\n");
            } else {
                sb.append("{\"id\":\"r").append(line).append("\",\"url\":\"https://img").append(line % 7)
                        .append(".example.org/p/").append(line).append(".jpg\",\"caption\":\"photo number ").append(line)
                        .append("\"}\r\n");
            }
        }
        Path file = dir.resolve("release.jsonl");
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        return file;
    }

    private static int good(int n) {
        return n - n / 100;
    }

    private ReleaseIngester ingester(ReleaseStore store, int checkpointRows) {
        return new ReleaseIngester(store, checkpointRows, Long.MAX_VALUE);
    }

    @Test
    void ingestsEveryGoodRowCountsBadOnesWithTheirLineAndPublishes() throws IOException {
        Path manifest = manifest(1_000);
        ReleaseStore store = new ReleaseStore(dir.resolve("indexes"));

        IngestResult result = ingester(store, 300).ingest(manifest, "laion-test", "2026-01", p -> { });

        assertEquals(good(1_000), result.progress().goodRows());
        assertEquals(10, result.progress().badRows());
        assertEquals(1_000, result.progress().lines());
        assertEquals(100.0, result.progress().percent());
        assertEquals(List.of(100L, 200L, 300L), result.badRowSamples().stream().limit(3).map(BadRow::line).toList());
        assertTrue(result.badRowSamples().get(0).reason().contains("release.jsonl line 100"), result.badRowSamples().get(0).reason());
        assertTrue(store.isPublished("laion-test", "2026-01"));
        assertFalse(Files.exists(store.building("laion-test", "2026-01")));
        try (LuceneDatasetIndex index = LuceneDatasetIndex.open(result.releaseDir(), "laion-test", "2026-01")) {
            assertEquals(good(1_000), index.size());
            assertEquals("r42", index.byUrl("https://img0.example.org/p/42.jpg").get(0).itemId());
            assertEquals("photo number 42", index.byUrl("https://img0.example.org/p/42.jpg").get(0).caption());
        }
    }

    @Test
    void stoppedHalfWayLeavesNothingPublishedAndResumesWhereItStopped() throws IOException {
        Path manifest = manifest(5_000);
        ReleaseStore store = new ReleaseStore(dir.resolve("indexes"));
        List<IngestProgress> reports = new ArrayList<>();
        long[] seen = {0};

        IngestionInterruptedException stopped = assertThrows(IngestionInterruptedException.class,
                () -> ingester(store, 500).ingest(manifest, "ds", "r1", reports::add, () -> ++seen[0] > 2_345));

        assertEquals(2_346, stopped.checkpoint().lines(), "a stop writes a checkpoint at the row it stopped on");
        assertFalse(store.isPublished("ds", "r1"));
        assertTrue(reports.get(0).percent() > 0 && reports.get(reports.size() - 1).percent() < 100);

        IngestResult resumed = ingester(store, 500).ingest(manifest, "ds", "r1", p -> { });

        assertEquals(2_346, resumed.progress().resumedAtLine());
        assertEquals(5_000, resumed.progress().lines());
        assertEquals(50, resumed.progress().badRows(), "bad rows before the stop are still counted");
        assertEachGoodRowIndexedOnce(resumed.releaseDir(), 5_000);
    }

    @Test
    void crashBetweenCheckpointsLosesOnlyTheUncommittedRowsAndResumesFromTheCheckpoint() throws IOException {
        Path manifest = manifest(5_000);
        ReleaseStore store = new ReleaseStore(dir.resolve("indexes"));
        // Progress on every row; the "crash" comes 345 rows after the checkpoint at line 2,000.
        ReleaseIngester crashing = new ReleaseIngester(store, 500, 0);
        assertThrows(IllegalStateException.class, () -> crashing.ingest(manifest, "ds", "r1", p -> {
            if (p.lines() == 2_345) {
                throw new IllegalStateException("simulated crash");
            }
        }));
        assertFalse(store.isPublished("ds", "r1"));

        IngestResult resumed = ingester(store, 500).ingest(manifest, "ds", "r1", p -> { });

        assertEquals(2_000, resumed.progress().resumedAtLine());
        assertEachGoodRowIndexedOnce(resumed.releaseDir(), 5_000);
    }

    @Test
    void killedIngestionProcessResumes() throws Exception {
        Path manifest = manifest(10_000);
        Path root = dir.resolve("indexes");
        ReleaseStore store = new ReleaseStore(root);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.takedown.matching.cli.IngestCommand",
                "ingest", root.toString(), "ds", "r1", manifest.toString(), "1000")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            // Kill (SIGKILL, no shutdown hooks) once progress shows 2,000 rows read: by then the
            // checkpoint at 1,000 is committed, and the run is far from its end.
            while ((line = out.readLine()) != null && rowsRead(line) < 2_000) {
                // progress lines before that, and any JVM noise
            }
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(store.isPublished("ds", "r1"), "killed before the end: nothing published");
        assertTrue(Files.isDirectory(store.building("ds", "r1")));

        IngestResult resumed = ingester(store, 1_000).ingest(manifest, "ds", "r1", p -> { });

        assertTrue(resumed.progress().resumedAtLine() >= 1_000, "continued from a checkpoint, not from the start");
        assertEachGoodRowIndexedOnce(resumed.releaseDir(), 10_000);
    }

    @Test
    void aChangedManifestIsRefusedOnResume() throws IOException {
        Path manifest = manifest(2_000);
        ReleaseStore store = new ReleaseStore(dir.resolve("indexes"));
        long[] seen = {0};
        assertThrows(IngestionInterruptedException.class,
                () -> ingester(store, 500).ingest(manifest, "ds", "r1", p -> { }, () -> ++seen[0] > 700));
        Files.writeString(manifest, "{\"id\":\"x\",\"url\":\"https://example.org/x.jpg\"}\n",
                java.nio.file.StandardOpenOption.APPEND);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ingester(store, 500).ingest(manifest, "ds", "r1", p -> { }));
        assertTrue(refused.getMessage().contains("checkpoint"), refused.getMessage());
        assertFalse(store.isPublished("ds", "r1"));
    }

    @Test
    void aLineOverTheLimitIsABadRowAndTheNextLineStillCounts() throws IOException {
        Path manifest = dir.resolve("long.jsonl");
        Files.writeString(manifest, "{\"id\":\"a\",\"url\":\"https://example.org/a.jpg\"}\n"
                + "{\"caption\":\"" + "x".repeat(ReleaseIngester.MAX_LINE_BYTES) + "\"}\n"
                + "{\"id\":\"b\",\"url\":\"https://example.org/b.jpg\"}");
        ReleaseStore store = new ReleaseStore(dir.resolve("indexes"));

        IngestResult result = ingester(store, 10).ingest(manifest, "ds", "r1", p -> { });

        assertEquals(2, result.progress().goodRows());
        assertEquals(List.of(new BadRow(2, "line longer than " + ReleaseIngester.MAX_LINE_BYTES + " bytes")),
                result.badRowSamples());
        assertEquals(Files.size(manifest), result.progress().bytesRead());
    }

    @Test
    void aPublishedReleaseIsNeverOverwritten() throws IOException {
        Path manifest = manifest(100);
        ReleaseStore store = new ReleaseStore(dir.resolve("indexes"));
        ingester(store, 50).ingest(manifest, "ds", "r1", p -> { });

        assertThrows(IllegalStateException.class, () -> ingester(store, 50).ingest(manifest, "ds", "r1", p -> { }));
    }

    @Test
    void idsThatAreNotPlainNamesAreRefused() {
        ReleaseStore store = new ReleaseStore(dir);
        for (String bad : new String[] {"..", "../x", "a/b", "", ".hidden", "r1.building"}) {
            assertThrows(IllegalArgumentException.class, () -> store.published("ds", bad), bad);
        }
    }

    /** The rows count of a progress line ("ds/r1  2.5% | 1,000 rows (...") or -1. */
    private static long rowsRead(String progressLine) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\| ([\\d,]+) rows \\(").matcher(progressLine);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    private static void assertEachGoodRowIndexedOnce(Path releaseDir, int rows) throws IOException {
        Set<String> ids = new HashSet<>();
        int docs;
        try (FSDirectory d = FSDirectory.open(releaseDir); DirectoryReader reader = DirectoryReader.open(d)) {
            docs = reader.numDocs();
            var stored = reader.storedFields();
            for (int i = 0; i < reader.maxDoc(); i++) {
                Document doc = stored.document(i);
                ids.add(doc.get("id"));
            }
        }
        assertEquals(good(rows), docs, "documents");
        assertEquals(good(rows), ids.size(), "distinct row ids: none twice, none missing");
    }
}
