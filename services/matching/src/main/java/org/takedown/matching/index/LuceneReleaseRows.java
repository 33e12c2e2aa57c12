package org.takedown.matching.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.takedown.matching.embed.VectorModel;
import org.takedown.matching.pdq.FrameViews;
import org.takedown.pdq.PdqHash;
import org.takedown.pdq.PdqResult;

/**
 * Reads back the rows of a release written by the ingester ({@link LuceneDatasetIndex}'s fields), in release order:
 * what another backend needs to hold the same release (an OpenSearch index, ADR 018).
 */
public final class LuceneReleaseRows {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int VIEW_BYTES = 34;

    private LuceneReleaseRows() {
    }

    /** One row: the item, its own hash (null: none) and quality, its extra views, its vectors (null: none). */
    public record Row(IndexedItem item, PdqHash hash, int quality, List<LuceneDatasetIndex.StoredView> views,
                      float[] imageVector, float[] captionVector) {
    }

    /** The release's models and its rows. */
    public interface RowSink {
        void models(Optional<VectorModel> imageModel, Optional<VectorModel> captionModel);

        void row(Row row);
    }

    /** Hands {@code sink} the models, then every row of the release in {@code dir} in release order. */
    public static void read(Path dir, RowSink sink) {
        try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            Map<String, String> commit = reader.getIndexCommit().getUserData();
            sink.models(VectorModel.image(commit), VectorModel.caption(commit));
            for (LeafReaderContext leaf : reader.leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                BinaryDocValues hashes = DocValues.getBinary(leaf.reader(), LuceneDatasetIndex.PDQ);
                NumericDocValues qualities = DocValues.getNumeric(leaf.reader(), LuceneDatasetIndex.PDQ_QUALITY);
                BinaryDocValues views = DocValues.getBinary(leaf.reader(), LuceneDatasetIndex.PDQ_VIEWS);
                FloatVectorValues images = leaf.reader().getFloatVectorValues(LuceneDatasetIndex.IMAGE_EMBEDDING);
                FloatVectorValues captions = leaf.reader().getFloatVectorValues(LuceneDatasetIndex.CAPTION_EMBEDDING);
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    Document stored = leaf.reader().storedFields().document(doc);
                    PdqHash hash = hashes.advanceExact(doc) ? hash(hashes.binaryValue(), 0) : null;
                    int quality = qualities.advanceExact(doc) ? (int) qualities.longValue() : 0;
                    List<LuceneDatasetIndex.StoredView> storedViews = new ArrayList<>();
                    if (views.advanceExact(doc)) {
                        BytesRef packed = views.binaryValue();
                        for (int o = 0; o + VIEW_BYTES <= packed.length; o += VIEW_BYTES) {
                            storedViews.add(new LuceneDatasetIndex.StoredView(
                                    FrameViews.Frame.ofCode(packed.bytes[packed.offset + o] & 0xFF),
                                    hash(packed, o + 2), packed.bytes[packed.offset + o + 1] & 0xFF));
                        }
                    }
                    float[] image = vector(images, doc);
                    float[] caption = vector(captions, doc);
                    String pdqHex = hash != null && quality >= PdqResult.MIN_RECOMMENDED_QUALITY ? hash.toHex() : null;
                    sink.row(new Row(new IndexedItem(stored.get(LuceneDatasetIndex.ID), stored.get(LuceneDatasetIndex.URL),
                            stored.get(LuceneDatasetIndex.CAPTION), pdqHex), hash, quality, storedViews, image, caption));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the release in " + dir, e);
        }
    }

    private static float[] vector(FloatVectorValues values, int doc) throws IOException {
        if (values == null || values.docID() > doc) {
            return null;
        }
        int at = values.docID() == doc ? doc : values.advance(doc);
        return at == doc ? values.vectorValue().clone() : null;
    }

    private static PdqHash hash(BytesRef bytes, int at) {
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) {
            w[i] = (long) LONGS.get(bytes.bytes, bytes.offset + at + 8 * i);
        }
        return PdqHash.ofWords(w[0], w[1], w[2], w[3]);
    }
}
