package org.takedown.intake.api;

import java.util.UUID;

/** Answer to a submission. The access token is shown this once; we keep only its hash. */
public record SubmissionReceipt(UUID id, String status, String accessToken, String statusUrl) {
}
