package org.takedown.review.transparency;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The public transparency report (ADR 020): counts only, no request ids, small counts withheld ({@link Figure}).
 * Months are calendar months in UTC of the event counted (a decision in the month it was made).
 */
public record TransparencyReport(
        Instant generatedAt,
        Suppression suppression,
        List<RequestRow> requests,
        List<VendorRow> vendors,
        List<RemovalRow> removals) {

    /** How small figures are withheld. */
    public record Suppression(int threshold, String marker) {

        static Suppression current() {
            return new Suppression(Figure.THRESHOLD, Figure.MARKER);
        }
    }

    /**
     * One month and claim type. {@code claimType} is {@code UNKNOWN} for a request whose claim type no event
     * named (a rejection of a request submitted before the report existed).
     *
     * @param daysToDecision the legal clock's running time (ADR 019: from receipt, pauses left out) to the first
     *                       decision, in days
     * @param decidedWithinLegalMonthPercent share of first decisions made within the month the law gives (pauses
     *                       counted, an extension not)
     */
    public record RequestRow(String month, String claimType, Figure received, Figure confirmed, Rejections rejected,
            Outcomes decided, Outcomes decidedOnAppeal, Figure withdrawn, Figure appealed, Figure reversed,
            Duration daysToDecision, Figure decidedWithinLegalMonthPercent) {
    }

    /** Rejections in all, and by verification's reason code. */
    public record Rejections(Figure total, Map<String, Figure> byReason) {
    }

    /** Decisions by outcome. */
    public record Outcomes(Figure approvedInFull, Figure approvedInPart, Figure denied) {
    }

    /** Median and 90th percentile. */
    public record Duration(Figure median, Figure p90) {
    }

    /**
     * One vendor's notices dispatched in one month and what it answered.
     *
     * @param acknowledged notices the vendor answered at all (acknowledged, applied or disputed)
     */
    public record VendorRow(String month, String vendorId, Figure noticesSent, Figure acknowledged, Figure applied,
            Figure disputed, Figure medianHoursToApply) {
    }

    /**
     * Items removed from one release of a data set: by a decision about it, or carried over to it from an earlier
     * release (ADR 017: found again, or a near copy decided in a carry-over case); and how many of them were reversed.
     */
    public record RemovalRow(String datasetId, String releaseId, Figure removedByDecision, Figure carriedOver,
            Figure reversed) {
    }
}
