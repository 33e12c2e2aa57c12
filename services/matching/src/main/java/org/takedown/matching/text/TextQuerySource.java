package org.takedown.matching.text;

import java.util.List;
import java.util.UUID;

/** Where a request's free-text queries come from (intake, in production). */
public interface TextQuerySource {

    /** The request's text queries in their order on the request; empty when it has none or was withdrawn or erased. */
    List<IntakeTextQueryClient.TextQuery> list(UUID requestId);
}
