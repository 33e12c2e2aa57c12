package org.takedown.review.transparency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.takedown.review.transparency.TransparencyReport.Outcomes;
import org.takedown.review.transparency.TransparencyReport.RemovalRow;
import org.takedown.review.transparency.TransparencyReport.RequestRow;
import org.takedown.review.transparency.TransparencyReport.VendorRow;

/**
 * The report as one CSV table in long form ({@code section,month,claim_type,vendor,dataset,release,metric,value}):
 * one line per figure, so the three sections share one header and a spreadsheet can pivot them. A withheld figure's
 * value is {@link Figure#MARKER}, one that cannot be computed is empty.
 */
final class TransparencyCsv {

    static final String HEADER = "section,month,claim_type,vendor,dataset,release,metric,value";

    private TransparencyCsv() {
    }

    static String write(TransparencyReport report) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (RequestRow row : report.requests()) {
            Line line = new Line(lines, "requests", row.month(), row.claimType(), "", "", "");
            line.add("received", row.received());
            line.add("confirmed", row.confirmed());
            line.add("rejected", row.rejected().total());
            for (Map.Entry<String, Figure> reason : row.rejected().byReason().entrySet()) {
                line.add("rejected." + reason.getKey(), reason.getValue());
            }
            outcomes(line, "decided", row.decided());
            outcomes(line, "decidedOnAppeal", row.decidedOnAppeal());
            line.add("withdrawn", row.withdrawn());
            line.add("appealed", row.appealed());
            line.add("reversed", row.reversed());
            line.add("daysToDecision.median", row.daysToDecision().median());
            line.add("daysToDecision.p90", row.daysToDecision().p90());
            line.add("decidedWithinLegalMonthPercent", row.decidedWithinLegalMonthPercent());
        }
        for (VendorRow row : report.vendors()) {
            Line line = new Line(lines, "vendors", row.month(), "", row.vendorId(), "", "");
            line.add("noticesSent", row.noticesSent());
            line.add("acknowledged", row.acknowledged());
            line.add("applied", row.applied());
            line.add("disputed", row.disputed());
            line.add("medianHoursToApply", row.medianHoursToApply());
        }
        for (RemovalRow row : report.removals()) {
            Line line = new Line(lines, "removals", "", "", "", row.datasetId(), row.releaseId());
            line.add("removedByDecision", row.removedByDecision());
            line.add("carriedOver", row.carriedOver());
            line.add("reversed", row.reversed());
        }
        return String.join("\r\n", lines) + "\r\n";
    }

    private static void outcomes(Line line, String prefix, Outcomes outcomes) {
        line.add(prefix + ".approvedInFull", outcomes.approvedInFull());
        line.add(prefix + ".approvedInPart", outcomes.approvedInPart());
        line.add(prefix + ".denied", outcomes.denied());
    }

    /** The leading cells of one row's lines. */
    private record Line(List<String> lines, String section, String month, String claimType, String vendor, String dataset,
            String release) {

        void add(String metric, Figure value) {
            lines.add(String.join(",", cell(section), cell(month), cell(claimType), cell(vendor), cell(dataset), cell(release),
                    cell(metric), cell(value.csv())));
        }
    }

    /** RFC 4180 quoting; a leading formula character is defused, as vendor and data set ids come from operators. */
    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+") ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
