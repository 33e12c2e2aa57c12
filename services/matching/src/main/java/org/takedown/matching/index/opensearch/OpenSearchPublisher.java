package org.takedown.matching.index.opensearch;

import java.nio.file.Path;
import java.util.Optional;
import org.takedown.matching.embed.VectorModel;
import org.takedown.matching.index.LuceneReleaseRows;

/**
 * Puts a release ingested by the existing ingester (any of its inputs: JSONL, tar shards, Parquet with vectors) into
 * OpenSearch: its rows are read back in release order and written through the bulk API into the release's index.
 */
public final class OpenSearchPublisher {

    private OpenSearchPublisher() {
    }

    /** Writes the release published in {@code releaseDir} to OpenSearch and opens it there. */
    public static OpenSearchDatasetIndex publish(Path releaseDir, OpenSearchHttp http, String prefix, String datasetId,
                                                 String releaseId, int shards, int replicas) {
        OpenSearchReleaseWriter[] writer = new OpenSearchReleaseWriter[1];
        LuceneReleaseRows.read(releaseDir, new LuceneReleaseRows.RowSink() {
            @Override
            public void models(Optional<VectorModel> imageModel, Optional<VectorModel> captionModel) {
                writer[0] = OpenSearchReleaseWriter.create(http, prefix, datasetId, releaseId, shards, replicas,
                        imageModel, captionModel);
            }

            @Override
            public void row(LuceneReleaseRows.Row row) {
                // Caption vectors come back unit length as indexed; the writer's normalising again moves them by ulps at most.
                writer[0].add(new OpenSearchReleaseWriter.Row(row.item(), row.hash(), row.quality(), row.views(),
                        row.imageVector(), row.captionVector()));
            }
        });
        return writer[0].finish();
    }
}
