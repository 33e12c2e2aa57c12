package org.takedown.intake.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * Answer to a submission. The access token is shown this once; we keep only its hash, so a replayed
 * answer (same Idempotency-Key) has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmissionReceipt(UUID id, String status, String accessToken, String statusUrl) {
}
