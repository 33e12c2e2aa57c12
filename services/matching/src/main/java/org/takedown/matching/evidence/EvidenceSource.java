package org.takedown.matching.evidence;

import java.util.List;
import java.util.UUID;

/** Where a request's evidence images and device hashes come from (intake, in production). */
public interface EvidenceSource {

    /** The request's evidence images in their order on the request. */
    List<IntakeEvidenceClient.EvidenceView> list(UUID requestId);

    /**
     * The request's evidence hashed on the claimant's device (ADR 021): PDQ hashes and qualities of images that were
     * never uploaded. Empty where the source has none.
     */
    default List<IntakeEvidenceClient.EvidenceHashView> hashes(UUID requestId) {
        return List.of();
    }

    /** One image's bytes; the caller holds them only while hashing. */
    byte[] image(UUID requestId, UUID evidenceId);
}
