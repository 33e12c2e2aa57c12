package org.takedown.matching.ingest;

/** The ingesting thread was interrupted; everything up to the last checkpoint is kept for a resume. */
public class IngestionInterruptedException extends RuntimeException {

    private final transient IngestProgress checkpoint;

    public IngestionInterruptedException(IngestProgress checkpoint) {
        super("ingestion of " + checkpoint.datasetId() + "/" + checkpoint.releaseId()
                + " interrupted; resumable from line " + checkpoint.lines());
        this.checkpoint = checkpoint;
    }

    /** The last committed checkpoint. */
    public IngestProgress checkpoint() {
        return checkpoint;
    }
}
