package org.takedown.matching.signal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.takedown.matching.evidence.EvidenceMatcher;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.match.Signal;

/**
 * {@code PDQ}, {@code PDQ_FRAME} and {@code PDQ_CROP}: each evidence image's PDQ hash with its dihedral
 * variants, its reframed views and its cropped views looked up in the release ({@link EvidenceMatcher});
 * one family because an item found by the whole image is not counted again by its frames or crops.
 * One search per image, and one per image hashed on the claimant's device (whole-image PDQ only: ADR 021).
 */
@ApplicationScoped
public class PdqMatcher implements SignalMatcher {

    private final EvidenceMatcher evidence;

    public PdqMatcher(EvidenceMatcher evidence) {
        this.evidence = evidence;
    }

    @Override
    public Signal signal() {
        return Signal.PDQ;
    }

    @Override
    public List<Search> searches(MatchQuery query, DatasetIndex release) {
        if (release.hashedItems() == 0) {
            return List.of();
        }
        List<Search> searches = new ArrayList<>();
        for (MatchQuery.EvidenceImage image : query.images()) {
            searches.add(() -> {
                List<EvidenceMatcher.EvidenceHit> found = new ArrayList<>();
                evidence.matchImage(image.image(), image.position(), release, found);
                return SignalResult.of(found.stream()
                        .map(hit -> new SignalHit(hit.item(), hit.signal(), (double) hit.distance(), hit.confidence(),
                                hit.detail()))
                        .toList());
            });
        }
        for (MatchQuery.EvidenceHash hash : query.hashes()) {
            searches.add(() -> {
                List<EvidenceMatcher.EvidenceHit> found = new ArrayList<>();
                evidence.matchHash(hash.pdq(), hash.quality(), hash.position(), release, found);
                return SignalResult.of(found.stream()
                        .map(hit -> new SignalHit(hit.item(), hit.signal(), (double) hit.distance(), hit.confidence(),
                                hit.detail()))
                        .toList());
            });
        }
        return searches;
    }
}
