package org.takedown.review.cases;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.takedown.web.ProblemException;

/**
 * Optimistic locking of every case change: the version a person saw must still be the case's, and a
 * change that raced with another one is refused at the flush, inside the transaction, so that the
 * caller gets the same clear 409 either way and nothing is written.
 */
final class CaseLocking {

    private CaseLocking() {
    }

    /** Refuses a change based on a page (or API read) older than the case; null: not checked. */
    static void checkVersion(ReviewCase reviewCase, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != reviewCase.version) {
            throw changed(reviewCase);
        }
    }

    /** Writes the change now, so that a concurrent change is a 409 and not an error at commit. */
    static ReviewCase saved(ReviewCaseRepository cases, ReviewCase reviewCase) {
        try {
            cases.flush();
        } catch (OptimisticLockException | StaleStateException e) {
            throw changed(reviewCase);
        }
        return reviewCase;
    }

    private static ProblemException changed(ReviewCase reviewCase) {
        return ProblemException.conflict("case-changed", "case " + reviewCase.id
                + " changed since you loaded it; reload it and try again");
    }
}
