package org.takedown.review.transparency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.takedown.events.LegalClock;
import org.takedown.events.ReviewOutcome;
import org.takedown.review.transparency.TransparencyReport.RemovalRow;
import org.takedown.review.transparency.TransparencyReport.RequestRow;
import org.takedown.review.transparency.TransparencyReport.VendorRow;

/**
 * Builds the transparency report from the facts the consumer recorded. Everything is counted here, at read time,
 * so that the facts may arrive in any order and a rebuilt read model gives the same report.
 */
@ApplicationScoped
public class TransparencyReports {

    private static final double SECONDS_PER_DAY = 86_400.0;
    private static final double SECONDS_PER_HOUR = 3_600.0;

    private final EntityManager entityManager;

    TransparencyReports(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The report for the months {@code from} to {@code to} (each inclusive, null: open). */
    @Transactional
    public TransparencyReport build(YearMonth from, YearMonth to, Instant now) {
        MonthRange months = new MonthRange(from, to);
        return new TransparencyReport(now, TransparencyReport.Suppression.current(), requestRows(months),
                vendorRows(months), removalRows());
    }

    private List<RequestRow> requestRows(MonthRange months) {
        Map<UUID, RequestFacts> requests = new HashMap<>();
        for (Object[] row : rows("SELECT request_id, claim_type, clock_received_at, clock_paused_seconds, clock_paused_since "
                + "FROM transparency_request")) {
            UUID id = (UUID) row[0];
            LegalClock clock = row[2] == null ? null
                    : new LegalClock(instant(row[2]), ((Number) row[3]).longValue(), instant(row[4]), 0);
            requests.put(id, new RequestFacts(row[1] == null ? "UNKNOWN" : (String) row[1], clock));
        }
        for (Object[] row : rows("SELECT request_id, kind, at, detail FROM transparency_event ORDER BY at, event_id")) {
            UUID id = (UUID) row[0];
            requests.computeIfAbsent(id, k -> new RequestFacts("UNKNOWN", null))
                    .add(FactKind.valueOf((String) row[1]), instant(row[2]), (String) row[3]);
        }
        Map<String, RequestTally> tallies = new TreeMap<>();
        for (RequestFacts request : requests.values()) {
            request.countInto((month, claimType) -> months.includes(month)
                    ? tallies.computeIfAbsent(month + " " + claimType, k -> new RequestTally(month.toString(), claimType))
                    : null);
        }
        return tallies.values().stream().map(RequestTally::row).toList();
    }

    private List<VendorRow> vendorRows(MonthRange months) {
        Map<String, VendorTally> tallies = new TreeMap<>();
        for (Object[] row : rows("SELECT vendor_id, dispatched_at, answered_at, applied_at, disputed_at FROM transparency_notice "
                + "WHERE dispatched_at IS NOT NULL")) {
            Instant dispatched = instant(row[1]);
            YearMonth month = monthOf(dispatched);
            if (!months.includes(month)) {
                continue;
            }
            String vendor = (String) row[0];
            VendorTally tally = tallies.computeIfAbsent(month + " " + vendor, k -> new VendorTally(month.toString(), vendor));
            tally.sent++;
            tally.answered += row[2] == null ? 0 : 1;
            tally.disputed += row[4] == null ? 0 : 1;
            if (row[3] != null) {
                tally.hoursToApply.add(Math.max(0, Duration.between(dispatched, instant(row[3])).toSeconds()) / SECONDS_PER_HOUR);
            }
        }
        return tallies.values().stream().map(VendorTally::row).toList();
    }

    private List<RemovalRow> removalRows() {
        List<RemovalRow> result = new ArrayList<>();
        for (Object[] row : rows("""
                SELECT r.dataset_id, r.release_id,
                       count(*) FILTER (WHERE NOT r.carried_over),
                       count(*) FILTER (WHERE r.carried_over),
                       count(v.item_id)
                FROM transparency_removal r
                LEFT JOIN transparency_reversed_item v
                       ON v.dataset_id = r.dataset_id AND v.release_id = r.release_id AND v.item_id = r.item_id
                GROUP BY r.dataset_id, r.release_id
                ORDER BY r.dataset_id, r.release_id""")) {
            result.add(new RemovalRow((String) row[0], (String) row[1], Figure.count(((Number) row[2]).longValue()),
                    Figure.count(((Number) row[3]).longValue()), Figure.count(((Number) row[4]).longValue())));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql) {
        return entityManager.createNativeQuery(sql).getResultList();
    }

    static YearMonth monthOf(Instant at) {
        return YearMonth.from(at.atOffset(ZoneOffset.UTC));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    /** The months asked for. */
    private record MonthRange(YearMonth from, YearMonth to) {

        boolean includes(YearMonth month) {
            return (from == null || !month.isBefore(from)) && (to == null || !month.isAfter(to));
        }
    }

    /** Where a request's facts are counted: the tally of a month and claim type, or null when the month is not asked for. */
    @FunctionalInterface
    interface Tallies {
        RequestTally of(YearMonth month, String claimType);
    }

    /** One request's facts in time order, and how they count. */
    private static final class RequestFacts {
        private final String claimType;
        private final LegalClock clock;
        private final List<Fact> facts = new ArrayList<>();

        RequestFacts(String claimType, LegalClock clock) {
            this.claimType = claimType;
            this.clock = clock;
        }

        void add(FactKind kind, Instant at, String detail) {
            facts.add(new Fact(kind, at, detail));
        }

        /**
         * Received, confirmed, rejected, withdrawn: once per request, at the first such event (a request submitted
         * again after adding statements is not confirmed twice). Decided: the first decision, with its time on the
         * clock; later ones are decisions on appeal. Appealed and reversed: each event.
         */
        void countInto(Tallies tallies) {
            EnumSet<FactKind> once = EnumSet.noneOf(FactKind.class);
            LegalClock running = clock;
            boolean decided = false;
            for (Fact fact : facts) {
                RequestTally tally = tallies.of(monthOf(fact.at()), claimType);
                switch (fact.kind()) {
                    case PAUSED -> running = running == null ? null : running.pausedAt(fact.at());
                    case RESUMED -> running = running == null ? null : running.resumedAt(fact.at());
                    case RECEIVED, CONFIRMED, WITHDRAWN, REJECTED -> {
                        if (once.add(fact.kind()) && tally != null) {
                            tally.once(fact.kind(), fact.detail());
                        }
                    }
                    case APPEALED -> {
                        if (tally != null) {
                            tally.appealed++;
                        }
                    }
                    case REVERSED -> {
                        if (tally != null) {
                            tally.reversed++;
                        }
                    }
                    case DECIDED -> {
                        ReviewOutcome outcome = ReviewOutcome.valueOf(fact.detail());
                        if (tally != null) {
                            if (decided) {
                                tally.onAppeal.add(outcome);
                            } else {
                                tally.decided.add(outcome);
                                if (running != null) {
                                    tally.timed(running.runningTime(fact.at()).toSeconds() / SECONDS_PER_DAY,
                                            running.withinFirstMonth(fact.at()));
                                }
                            }
                        }
                        decided = true;
                    }
                    default -> throw new IllegalStateException("no count for " + fact.kind());
                }
            }
        }
    }

    private record Fact(FactKind kind, Instant at, String detail) {
    }

    /** The counts of one month and claim type. */
    static final class RequestTally {
        private final String month;
        private final String claimType;
        private long received;
        private long confirmed;
        private long withdrawn;
        private long appealed;
        private long reversed;
        private final Map<String, Long> rejectedByReason = new TreeMap<>();
        private final OutcomeTally decided = new OutcomeTally();
        private final OutcomeTally onAppeal = new OutcomeTally();
        private final List<Double> daysToDecision = new ArrayList<>();
        private long withinLegalMonth;

        RequestTally(String month, String claimType) {
            this.month = month;
            this.claimType = claimType;
        }

        void once(FactKind kind, String detail) {
            switch (kind) {
                case RECEIVED -> received++;
                case CONFIRMED -> confirmed++;
                case WITHDRAWN -> withdrawn++;
                case REJECTED -> rejectedByReason.merge(detail == null ? "UNSPECIFIED" : detail, 1L, Long::sum);
                default -> throw new IllegalArgumentException(kind + " is not counted once per request");
            }
        }

        void timed(double days, boolean inTime) {
            daysToDecision.add(days);
            withinLegalMonth += inTime ? 1 : 0;
        }

        RequestRow row() {
            Map<String, Figure> byReason = new TreeMap<>();
            rejectedByReason.forEach((reason, count) -> byReason.put(reason, Figure.count(count)));
            long rejected = rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
            int timed = daysToDecision.size();
            return new RequestRow(month, claimType, Figure.count(received), Figure.count(confirmed),
                    new TransparencyReport.Rejections(Figure.count(rejected), byReason), decided.figures(), onAppeal.figures(),
                    Figure.count(withdrawn), Figure.count(appealed), Figure.count(reversed),
                    new TransparencyReport.Duration(Figure.statistic(Percentiles.of(daysToDecision, 0.5), timed),
                            Figure.statistic(Percentiles.of(daysToDecision, 0.9), timed)),
                    Figure.statistic(timed == 0 ? null : 100.0 * withinLegalMonth / timed, timed));
        }
    }

    /** Decisions by outcome. */
    private static final class OutcomeTally {
        private final Map<ReviewOutcome, Long> counts = new EnumMap<>(ReviewOutcome.class);

        void add(ReviewOutcome outcome) {
            counts.merge(outcome, 1L, Long::sum);
        }

        TransparencyReport.Outcomes figures() {
            return new TransparencyReport.Outcomes(Figure.count(counts.getOrDefault(ReviewOutcome.APPROVED, 0L)),
                    Figure.count(counts.getOrDefault(ReviewOutcome.PARTIALLY_APPROVED, 0L)),
                    Figure.count(counts.getOrDefault(ReviewOutcome.DENIED, 0L)));
        }
    }

    /** One vendor's notices of one month. */
    private static final class VendorTally {
        private final String month;
        private final String vendor;
        private long sent;
        private long answered;
        private long disputed;
        private final List<Double> hoursToApply = new ArrayList<>();

        VendorTally(String month, String vendor) {
            this.month = month;
            this.vendor = vendor;
        }

        VendorRow row() {
            return new VendorRow(month, vendor, Figure.count(sent), Figure.count(answered), Figure.count(hoursToApply.size()),
                    Figure.count(disputed), Figure.statistic(Percentiles.of(hoursToApply, 0.5), hoursToApply.size()));
        }
    }
}
