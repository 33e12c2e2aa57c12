package org.takedown.matching.signal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.match.Signal;
import org.takedown.matching.text.CaptionTextMatcher;

/** {@code CAPTION_TEXT}: each free-text query in the release's captions by BM25 ({@link CaptionTextMatcher}), one search per query. */
@ApplicationScoped
public class CaptionTextSignal implements SignalMatcher {

    private final CaptionTextMatcher captions;

    public CaptionTextSignal(CaptionTextMatcher captions) {
        this.captions = captions;
    }

    @Override
    public Signal signal() {
        return Signal.CAPTION_TEXT;
    }

    @Override
    public List<Search> searches(MatchQuery query, DatasetIndex release) {
        List<Search> searches = new ArrayList<>();
        for (int position = 0; position < query.texts().size(); position++) {
            String text = query.texts().get(position);
            if (text.isBlank()) {
                continue;
            }
            int at = position;
            searches.add(() -> {
                List<CaptionTextMatcher.TextHit> found = new ArrayList<>();
                long overflow = captions.search(at, text, release, found);
                return SignalResult.of(found.stream()
                        .map(hit -> new SignalHit(hit.item(), Signal.CAPTION_TEXT, hit.score(),
                                Signal.CAPTION_TEXT.confidence(), hit.detail()))
                        .toList(), overflow);
            });
        }
        return searches;
    }
}
