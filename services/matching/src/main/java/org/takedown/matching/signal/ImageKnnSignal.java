package org.takedown.matching.signal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.takedown.matching.embed.ImageKnnMatcher;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.match.Signal;

/**
 * {@code IMAGE_KNN}: each evidence image's embedding against the release's image vectors
 * ({@link ImageKnnMatcher}), one search per image; a release whose vectors are of another model gets one
 * note saying why the signal did not run.
 */
@ApplicationScoped
public class ImageKnnSignal implements SignalMatcher {

    private final ImageKnnMatcher knn;

    public ImageKnnSignal(ImageKnnMatcher knn) {
        this.knn = knn;
    }

    @Override
    public Signal signal() {
        return Signal.IMAGE_KNN;
    }

    @Override
    public List<Search> searches(MatchQuery query, DatasetIndex release) {
        if (query.images().isEmpty() || !knn.applies(release)) {
            return List.of();
        }
        ImageKnnMatcher.Search check = knn.start(query.requestId(), release);
        if (check.skipped().isPresent()) {
            return List.of(() -> SignalResult.skipped(Signal.IMAGE_KNN, check.skipped().get()));
        }
        List<Search> searches = new ArrayList<>();
        for (MatchQuery.EvidenceImage image : query.images()) {
            searches.add(() -> {
                ImageKnnMatcher.Search search = knn.start(query.requestId(), release);
                search.image(image.position(), image.image());
                return SignalResult.of(search.hits().stream()
                        .map(hit -> new SignalHit(hit.item(), Signal.IMAGE_KNN, hit.similarity(), hit.confidence(),
                                hit.detail()))
                        .toList());
            });
        }
        return searches;
    }
}
