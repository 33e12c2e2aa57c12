package org.takedown.matching.ingest;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The rhythm of every format's loop: a checkpoint every {@code checkpointRows} rows, progress
 * about every {@code progressIntervalNanos} between them, and a stop, when asked, at a checkpoint.
 */
final class IngestPace {

    /** Something to do that may fail with an I/O error. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    private final IngestRun run;
    private final IoAction checkpoint;
    private final ReleaseIngester.Listener listener;
    private final BooleanSupplier stopRequested;
    private final int checkpointRows;
    private final long progressIntervalNanos;
    private long sinceCheckpoint;
    private long lastReport = System.nanoTime();
    /** Run before every checkpoint commit, e.g. to wait for indexing threads; none by default. */
    IoAction beforeCheckpoint;

    /** {@code checkpoint} commits what is indexed with the run's state (not complete). */
    IngestPace(IngestRun run, IoAction checkpoint, ReleaseIngester.Listener listener, BooleanSupplier stopRequested,
            int checkpointRows, long progressIntervalNanos) {
        this.run = run;
        this.checkpoint = checkpoint;
        this.listener = listener;
        this.stopRequested = stopRequested;
        this.checkpointRows = checkpointRows;
        this.progressIntervalNanos = progressIntervalNanos;
    }

    void rowDone() throws IOException {
        boolean stop = stopRequested.getAsBoolean();
        if (++sinceCheckpoint >= checkpointRows || stop) {
            if (beforeCheckpoint != null) {
                beforeCheckpoint.run();
            }
            checkpoint.run();
            sinceCheckpoint = 0;
            listener.progress(run.progress(false));
            lastReport = System.nanoTime();
            if (stop || Thread.currentThread().isInterrupted()) {
                throw new IngestionInterruptedException(run.progress(false));
            }
        } else if (System.nanoTime() - lastReport >= progressIntervalNanos) {
            listener.progress(run.progress(false));
            lastReport = System.nanoTime();
        }
    }
}
