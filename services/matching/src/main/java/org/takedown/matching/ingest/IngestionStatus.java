package org.takedown.matching.ingest;

import java.util.List;

/** What the admin API reports about one release's ingestion: counts and rates, never row content. */
public record IngestionStatus(String datasetId, String releaseId, State state, double percent, long lines,
                              long goodRows, long badRows, double rowsPerSecond, Long etaSeconds, boolean serving,
                              String error, List<BadRow> badRowSamples) {

    public enum State {
        /** Reading the manifest. */
        RUNNING,
        /** Stopped on request at a checkpoint; starting it again resumes. */
        STOPPED,
        /** Failed (e.g. the manifest changed); the message says why; resumable once fixed. */
        FAILED,
        /** Complete and published. */
        PUBLISHED
    }

    static IngestionStatus of(IngestProgress p, State state, boolean serving, String error, List<BadRow> bad) {
        return new IngestionStatus(p.datasetId(), p.releaseId(), state, p.percent(), p.lines(), p.goodRows(), p.badRows(),
                p.rowsPerSecond(), p.eta().map(d -> d.toSeconds()).orElse(null), serving, error, bad);
    }
}
