package org.takedown.review.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.LegalClock;
import org.takedown.events.RemovalsCarriedOver;

/**
 * Opens a carry-over case (ADR 017) when a newly activated release holds near copies — not the same URL or picture,
 * those were removed again without anyone — of items a request removed: one case per request and release, linked to
 * the request's own case, whose decision the reviewer sees beside the candidates.
 */
@ApplicationScoped
public class CarryOverCases {

    private static final Logger LOG = Logger.getLogger(CarryOverCases.class);
    /** The PDQ signal's name, as matching names it for a request's candidates. */
    static final String PDQ = "PDQ";

    private final ReviewCaseRepository cases;

    CarryOverCases(ReviewCaseRepository cases) {
        this.cases = cases;
    }

    /** The key a carry-over case keeps in {@code carried_to_release}: release ids repeat across data sets. */
    public static String releaseKey(String datasetId, String releaseId) {
        return datasetId + "/" + releaseId;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void open(RemovalsCarriedOver carried) {
        if (carried.nearDuplicates().isEmpty()) {
            return;
        }
        String key = releaseKey(carried.datasetId(), carried.releaseId());
        if (cases.carryOverCase(carried.requestId(), key).isPresent()) {
            return;
        }
        Optional<ReviewCase> own = cases.findByRequestId(carried.requestId());
        if (own.isEmpty()) {
            LOG.warnf("request %s: %d near copies in %s, but review holds no case of the request: no carry-over case",
                    carried.requestId(), carried.nearDuplicates().size(), key);
            return;
        }
        if (own.get().status == ReviewCase.Status.WITHDRAWN || own.get().status == ReviewCase.Status.REVERSED) {
            LOG.infof("request %s is %s: no carry-over case for %s", carried.requestId(), own.get().status, key);
            return;
        }
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as ReviewService: one instant in both columns
        ReviewCase reviewCase = new ReviewCase();
        reviewCase.id = UUID.randomUUID();
        reviewCase.requestId = carried.requestId();
        reviewCase.claimType = own.get().claimType;
        reviewCase.status = ReviewCase.Status.OPEN;
        reviewCase.datasetId = carried.datasetId();
        reviewCase.releaseId = carried.releaseId();
        reviewCase.carriedToRelease = key;
        reviewCase.originalCaseId = own.get().id;
        reviewCase.totalCandidates = carried.nearDuplicates().size();
        reviewCase.openedAt = now;
        // Our own follow-up, not a new request: its month runs from when the near copies were found (ADR 019).
        reviewCase.clock(LegalClock.receivedAt(now));
        for (RemovalsCarriedOver.NearDuplicate near : carried.nearDuplicates()) {
            CaseCandidate candidate = new CaseCandidate();
            candidate.reviewCase = reviewCase;
            candidate.itemId = near.itemId();
            candidate.url = near.url();
            candidate.signals = PDQ;
            candidate.confidence = 1.0 - near.distance() / 256.0;
            candidate.pdq = near.pdq();
            candidate.datasetId = carried.datasetId();
            candidate.releaseId = carried.releaseId();
            candidate.explanations = "PDQ " + near.distance() + ": near copy of removed item " + near.removedItemId() + " ("
                    + near.removedUrl() + ") of release " + near.removedReleaseId();
            reviewCase.candidates.add(candidate);
        }
        cases.persist(reviewCase);
        LOG.infof("carry-over case %s opened for request %s: %d near copies in %s", reviewCase.id, reviewCase.requestId,
                reviewCase.candidates.size(), key);
    }
}
