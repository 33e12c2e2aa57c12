package org.takedown.matching.evidence;

import java.util.List;
import java.util.UUID;

/** Where a request's evidence images come from (intake, in production). */
public interface EvidenceSource {

    /** The request's evidence images in their order on the request. */
    List<IntakeEvidenceClient.EvidenceView> list(UUID requestId);

    /** One image's bytes; the caller holds them only while hashing. */
    byte[] image(UUID requestId, UUID evidenceId);
}
