package org.takedown.matching.index;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;

/**
 * The release the service matches against, switchable while it runs: a newly ingested release
 * replaces the current one in one step, so a request sees either the old release or the complete
 * new one ({@link #snapshot()}), never a mix.
 *
 * <p>The replaced release is not closed: a request may still be reading it, and its files are
 * memory-mapped, so it costs address space rather than heap until the next restart.
 */
public final class LiveDatasetIndex implements DatasetIndex {

    private final AtomicReference<DatasetIndex> current;

    public LiveDatasetIndex(DatasetIndex initial) {
        current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** Makes {@code release} the one every later request runs against; returns the one it replaced. */
    public DatasetIndex switchTo(DatasetIndex release) {
        return current.getAndSet(Objects.requireNonNull(release, "release"));
    }

    @Override
    public DatasetIndex snapshot() {
        return current.get();
    }

    @Override
    public String datasetId() {
        return current.get().datasetId();
    }

    @Override
    public String releaseId() {
        return current.get().releaseId();
    }

    @Override
    public long size() {
        return current.get().size();
    }

    @Override
    public List<IndexedItem> byUrl(String normalizedUrl) {
        return current.get().byUrl(normalizedUrl);
    }

    @Override
    public java.util.Optional<ItemImage> imageOf(String itemId, String normalizedUrl) {
        return current.get().imageOf(itemId, normalizedUrl);
    }

    @Override
    public Page byDomainOrPrefix(String domainOrPrefix, int limit) {
        return current.get().byDomainOrPrefix(domainOrPrefix, limit);
    }

    @Override
    public List<PdqHit> byPdq(Map<Dihedral, PdqHash> variants, int maxDistance) {
        return current.get().byPdq(variants, maxDistance);
    }

    @Override
    public List<PdqHit> byPdq(Map<Dihedral, PdqHash> variants, int maxDistance, PdqScope scope) {
        return current.get().byPdq(variants, maxDistance, scope);
    }

    @Override
    public boolean hasLocalFeatures() {
        return current.get().hasLocalFeatures();
    }

    @Override
    public List<LocalHit> byKeypoints(List<org.takedown.matching.features.Keypoint> query) {
        return current.get().byKeypoints(query);
    }

    @Override
    public ScoredPage byCaptionText(String text, int offset, int limit, double minScore) {
        return current.get().byCaptionText(text, offset, limit, minScore);
    }

    @Override
    public long hashedItems() {
        return current.get().hashedItems();
    }

    @Override
    public java.util.Optional<org.takedown.matching.embed.VectorModel> imageModel() {
        return current.get().imageModel();
    }

    @Override
    public java.util.Optional<org.takedown.matching.embed.VectorModel> captionModel() {
        return current.get().captionModel();
    }

    @Override
    public List<VectorHit> imageNeighbours(float[] vector, int k) {
        return current.get().imageNeighbours(vector, k);
    }

    @Override
    public List<VectorHit> semanticCaptions(String text, int k) {
        return current.get().semanticCaptions(text, k);
    }
}
