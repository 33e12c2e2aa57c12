package org.takedown.matching.ingest;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parquet ingestion rate (a main, not a test): writes a LAION-style metadata file with DuckDB and
 * ingests it (URLs and captions into Lucene), printing rows per second.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.takedown.matching.ingest.ParquetIngestBench [ROWS=1000000]
 * </pre>
 */
public final class ParquetIngestBench {

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("parquet-bench");
        Path file = dir.resolve("metadata_0000.parquet");
        long t0 = System.nanoTime();
        ParquetIngestionTest.parquet(file, 0, rows);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        IngestResult result = new ReleaseIngester(new ReleaseStore(dir.resolve("indexes")), 50_000, 2_000_000_000L)
                .ingest(file, "bench", "r1", p -> System.err.println(p.line()));
        long t2 = System.nanoTime();
        System.out.printf("%,d rows (%,d indexed, %,d bad), parquet %,d bytes written in %.1f s; ingested in %.1f s: %,.0f rows/s%n",
                rows, result.progress().goodRows(), result.progress().badRows(), Files.size(file), (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, rows / ((t2 - t1) / 1e9));
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf("ingestion used %.1f CPU seconds (all threads): %,.0f rows per CPU second; %d cpu(s), load average %.1f%n",
                cpu, rows / cpu, Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage());
    }
}
