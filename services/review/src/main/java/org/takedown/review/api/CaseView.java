package org.takedown.review.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code riskScore} and {@code riskFlags}: verification's assessment, null until it has arrived. */
public record CaseView(
        UUID id,
        UUID requestId,
        String claimType,
        String status,
        String datasetId,
        String releaseId,
        long totalCandidates,
        Integer riskScore,
        List<String> riskFlags,
        Instant receivedAt,
        Instant openedAt,
        Instant dueAt,
        long daysLeft,
        String outcome,
        String reasonCode,
        Instant decidedAt,
        long version,
        String assignee,
        Instant pausedAt,
        Instant extendedAt,
        String extensionReason,
        UUID informationReplyId,
        boolean appeal,
        UUID appealReplyId,
        String deniedBy,
        String disputedBy,
        String disputeReason,
        List<Candidate> candidates,
        OriginalDecision originalDecision) {

    /**
     * For a carry-over case (ADR 017; null otherwise): the request's own case and how it was decided. The candidates
     * are near copies, in a newly activated release, of items that decision removed.
     */
    public record OriginalDecision(UUID caseId, String outcome, String reasonCode, Instant decidedAt, String decidedBy) {
    }

    /**
     * {@code explanations}: per signal with a raw score, e.g. {@code PDQ 12: evidence image 1, rotated 90°};
     * {@code datasetId}/{@code releaseId}: where the item is (a case may span several data sets).
     */
    public record Candidate(String itemId, String url, String caption, List<String> signals, double confidence,
            List<String> explanations, Boolean approved, String datasetId, String releaseId) {
    }
}
