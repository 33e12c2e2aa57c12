package org.takedown.matching.embed;

import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * How vector fields are stored: HNSW graphs over either the float vectors (exact distances) or
 * int8 scalar-quantised copies of them ({@link Lucene99HnswScalarQuantizedVectorsFormat}: a quarter
 * of the memory for the vectors the search touches, the floats kept on disk for merging). The codec
 * keeps Lucene's own name and records the per-field format in the index, so a release opens with
 * the default codec whichever was used.
 */
public final class VectorCodecs {

    /** HNSW links per node and candidates kept while building: Lucene's defaults. */
    public static final int MAX_CONN = Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN;
    public static final int BEAM_WIDTH = Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH;

    private VectorCodecs() {
    }

    /** Lucene's default codec, with int8-quantised HNSW for every vector field when {@code int8}. */
    public static Codec codec(boolean int8) {
        return codec(int8, MAX_CONN, BEAM_WIDTH);
    }

    public static Codec codec(boolean int8, int maxConn, int beamWidth) {
        return codec(int8 ? new Lucene99HnswScalarQuantizedVectorsFormat(maxConn, beamWidth)
                : new Lucene99HnswVectorsFormat(maxConn, beamWidth));
    }

    /**
     * As {@link #codec(boolean)}, but merges build the merged segment's graph on {@code mergeWorkers}
     * threads of {@code mergeExecutor} (Lucene keeps the largest segment's graph and inserts the rest).
     */
    public static Codec codec(boolean int8, int mergeWorkers, ExecutorService mergeExecutor) {
        return codec(int8
                ? new Lucene99HnswScalarQuantizedVectorsFormat(MAX_CONN, BEAM_WIDTH, mergeWorkers, 7, false, null, mergeExecutor)
                : new Lucene99HnswVectorsFormat(MAX_CONN, BEAM_WIDTH, mergeWorkers, mergeExecutor));
    }

    private static Codec codec(KnnVectorsFormat format) {
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }
}
