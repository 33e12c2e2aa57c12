package org.takedown.matching.ingest;

import java.nio.file.Path;
import java.util.List;

/** A finished ingestion: the published release directory, the final progress, and the first bad rows. */
public record IngestResult(Path releaseDir, IngestProgress progress, List<BadRow> badRowSamples) {
}
