package org.takedown.matching.ingest;

import java.time.Duration;
import java.util.Optional;

/**
 * Where an ingestion stands. {@code resumedAtLine} is the checkpoint this run started from (0 on
 * a fresh start), so the rate counts only the rows this run read.
 */
public record IngestProgress(String datasetId, String releaseId, long lines, long goodRows, long badRows,
                             long bytesRead, long totalBytes, long resumedAtLine, long resumedAtByte,
                             long elapsedNanos, boolean complete) {

    /** Share of the manifest's bytes read, 0..100. */
    public double percent() {
        return totalBytes == 0 ? 100.0 : 100.0 * bytesRead / totalBytes;
    }

    /** Rows (lines) per second read by this run. */
    public double rowsPerSecond() {
        return elapsedNanos == 0 ? 0 : (lines - resumedAtLine) / (elapsedNanos / 1e9);
    }

    /** Time left at this run's byte rate, once it has read something. */
    public Optional<Duration> eta() {
        long read = bytesRead - resumedAtByte;
        if (complete || read <= 0 || elapsedNanos == 0) {
            return complete ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        double nanosPerByte = (double) elapsedNanos / read;
        return Optional.of(Duration.ofNanos((long) (nanosPerByte * (totalBytes - bytesRead))));
    }

    /** One line for a terminal or a log: counts and rates only, never row content. */
    public String line() {
        String eta = eta().map(d -> String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart()))
                .orElse("?");
        return String.format(java.util.Locale.ROOT, "%s/%s %5.1f%% | %,d rows (%,d indexed, %,d bad) | %,.0f rows/s | ETA %s%s",
                datasetId, releaseId, percent(), lines, goodRows, badRows, rowsPerSecond(), eta,
                complete ? " | complete" : "");
    }
}
