package org.takedown.matching.signal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.takedown.matching.embed.CaptionSemanticMatcher;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.match.Signal;

/** {@code CAPTION_SEMANTIC}: the free-text queries against the release's caption vectors ({@link CaptionSemanticMatcher}). */
@ApplicationScoped
public class CaptionSemanticSignal implements SignalMatcher {

    private final CaptionSemanticMatcher semantic;

    public CaptionSemanticSignal(CaptionSemanticMatcher semantic) {
        this.semantic = semantic;
    }

    @Override
    public Signal signal() {
        return Signal.CAPTION_SEMANTIC;
    }

    @Override
    public List<Search> searches(MatchQuery query, DatasetIndex release) {
        if (query.texts().isEmpty() || release.captionModel().isEmpty()) {
            return List.of();
        }
        return List.of(() -> SignalResult.of(semantic.match(query.texts(), release).stream()
                .map(hit -> new SignalHit(hit.item(), Signal.CAPTION_SEMANTIC, hit.similarity(), hit.confidence(),
                        hit.detail()))
                .toList()));
    }
}
