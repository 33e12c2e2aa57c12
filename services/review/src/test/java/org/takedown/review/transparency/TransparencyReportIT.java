package org.takedown.review.transparency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.takedown.events.AppealFiled;
import org.takedown.events.ClaimType;
import org.takedown.events.DecisionReversed;
import org.takedown.events.InformationProvided;
import org.takedown.events.InformationRequested;
import org.takedown.events.LegalClock;
import org.takedown.events.MatchesFound;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.RemovalItem;
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.events.RequestReceived;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestWithdrawn;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.TakedownEvent;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The public report after a scripted history in February and March 2025 (months no other test writes in): twelve
 * requests received, eleven confirmed, two rejected, nine decided in March on the legal clock (one after a pause
 * for a verification proof, one after a reviewer's question, one late), an appeal, a reversal, a vendor's notices
 * and the removals of one data set's two releases, one of them carried over. Every event sent is counted through the
 * real broker and database, and the report shows exactly what the history gives, small counts withheld.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransparencyReportIT {

    private static final Instant RECEIVED = Instant.parse("2025-02-10T00:00:00Z");
    private static final String RANGE = "from=2025-02&to=2025-03";
    private static final String MARKER = "< 5";
    private static final String VENDOR = "tr-vendor-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String DATASET = "tr-" + UUID.randomUUID().toString().substring(0, 8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final List<UUID> requests = new ArrayList<>();
    private boolean settled;

    @BeforeAll
    void scriptedHistory() {
        for (int i = 0; i < 12; i++) {
            requests.add(UUID.randomUUID());
        }
        List<TakedownEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(new RequestReceived(UUID.randomUUID(), at("2025-02-09T12:00:00Z"), r(i), ClaimType.GDPR_ERASURE));
        }
        for (int i = 0; i < 11; i++) {
            events.add(submitted(i, LegalClock.receivedAt(RECEIVED)));
        }
        events.add(submitted(0, LegalClock.receivedAt(RECEIVED))); // submitted again after adding statements
        events.add(new RequestRejected(UUID.randomUUID(), at("2025-02-11T00:00:00Z"), r(9), "NOT_PLAUSIBLE"));
        events.add(new RequestRejected(UUID.randomUUID(), at("2025-02-11T00:00:00Z"), r(10), "NOT_PLAUSIBLE"));
        events.add(new RequestWithdrawn(UUID.randomUUID(), at("2025-02-12T00:00:00Z"), r(11)));
        for (int i = 0; i < 9; i++) {
            // Request 1 waited two days for its domain proof (verification's pause, carried in the clock).
            LegalClock clock = i == 1 ? LegalClock.receivedAt(RECEIVED).withPause(RECEIVED, RECEIVED.plus(Duration.ofDays(2)))
                    : LegalClock.receivedAt(RECEIVED);
            events.add(new MatchesFound(UUID.randomUUID(), at("2025-02-20T00:00:00Z"), r(i), ClaimType.GDPR_ERASURE, DATASET,
                    "r1", List.of(), 0, clock));
        }
        // Request 4: a reviewer's question, answered five days later (the clock stands still meanwhile).
        events.add(new InformationRequested(UUID.randomUUID(), at("2025-03-01T00:00:00Z"), r(4), UUID.randomUUID(),
                List.of("IDENTITY_PROOF"), null));
        events.add(new InformationProvided(UUID.randomUUID(), at("2025-03-06T00:00:00Z"), r(4), UUID.randomUUID()));
        // Days on the clock: 19, 27 (29 less the 2-day pause), 23, 38 (late), 27 (32 less 5), 20, 20, 20, 20.
        events.add(decided(0, ReviewOutcome.APPROVED, "2025-03-01T00:00:00Z", List.of(item("a0", "r1"))));
        events.add(decided(1, ReviewOutcome.APPROVED, "2025-03-11T00:00:00Z", List.of(item("a1", "r1"))));
        events.add(decided(2, ReviewOutcome.APPROVED, "2025-03-05T00:00:00Z", List.of(item("a2", "r1"))));
        events.add(decided(3, ReviewOutcome.DENIED, "2025-03-20T00:00:00Z", List.of()));
        events.add(decided(4, ReviewOutcome.APPROVED, "2025-03-14T00:00:00Z", List.of(item("a4", "r1"))));
        for (int i = 5; i < 9; i++) {
            // Request 8 removes the same item as request 5: one item, counted once (seven items in r1).
            events.add(decided(i, ReviewOutcome.APPROVED, "2025-03-02T00:00:00Z", List.of(item(i == 8 ? "a5" : "a" + i, "r1"))));
        }
        events.add(new AppealFiled(UUID.randomUUID(), at("2025-03-21T00:00:00Z"), r(3), UUID.randomUUID()));
        events.add(decided(3, ReviewOutcome.APPROVED, "2025-03-25T00:00:00Z", List.of()));
        events.add(new DecisionReversed(UUID.randomUUID(), at("2025-03-26T00:00:00Z"), r(0), UUID.randomUUID(), "DECISION_ERROR",
                List.of(item("a0", "r1"))));
        // Release r2: five items found again, and a near copy approved in a carry-over case.
        events.add(new RemovalsCarriedOver(UUID.randomUUID(), at("2025-03-27T00:00:00Z"), r(0), DATASET, "r2",
                at("2025-03-01T00:00:00Z"), List.of(item("b1", "r2"), item("b2", "r2"), item("b3", "r2"), item("b4", null),
                        item("b5", "r2")), List.of()));
        events.add(new ReviewDecided(UUID.randomUUID(), at("2025-03-28T00:00:00Z"), r(1), UUID.randomUUID(),
                ClaimType.GDPR_ERASURE, ReviewOutcome.APPROVED, DATASET, "r2", List.of(item("b6", "r2")), null, List.of(), "r2"));
        // The vendor: six notices on 3 March; five applied after 2, 4, 6, 8 and 10 hours (one acknowledged first), one disputed.
        Instant sent = at("2025-03-03T00:00:00Z");
        for (int n = 0; n < 6; n++) {
            UUID notice = UUID.randomUUID();
            events.add(new NoticeDispatched(UUID.randomUUID(), sent, r(n), notice, VENDOR, 1));
            if (n == 0) {
                events.add(new NoticeAcknowledged(UUID.randomUUID(), sent.plusSeconds(600), r(n), notice, VENDOR, "ACKNOWLEDGED"));
            }
            events.add(n < 5
                    ? new NoticeAcknowledged(UUID.randomUUID(), sent.plus(Duration.ofHours(2L * (n + 1))), r(n), notice, VENDOR, "APPLIED")
                    : new NoticeAcknowledged(UUID.randomUUID(), sent.plusSeconds(60), r(n), notice, VENDOR, "DISPUTED", "NOT_OURS"));
        }
        try (EventSender sender = new EventSender(bootstrapServers)) {
            for (TakedownEvent event : events) {
                sender.send(event);
            }
            sender.send(events.get(0)); // redelivered: counted once
        }
    }

    /** Each topic is read at its own pace: waits (once) until the last fact of every one of them counts. */
    private void settled() {
        if (settled) {
            return;
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertCounts();
            assertDays();
            assertVendorsAndRemovals();
        });
        settled = true;
    }

    @Test
    void countsEachMonthAndClaimTypeOnceAndWithholdsSmallCounts() {
        settled();
        assertCounts();
    }

    private void assertCounts() {
        JsonPath report = report();
        assertEquals(List.of("2025-02", "2025-03"), report.getList("requests.month"));
        assertEquals(List.of("GDPR_ERASURE", "GDPR_ERASURE"), report.getList("requests.claimType"));

        Map<String, Object> february = row(report, "2025-02");
        assertEquals(12, february.get("received"), "twelve received, one of them delivered twice");
        assertEquals(11, february.get("confirmed"), "eleven confirmed, one of them submitted twice");
        assertEquals(Map.of("total", MARKER, "byReason", Map.of("NOT_PLAUSIBLE", MARKER)), february.get("rejected"));
        assertEquals(MARKER, february.get("withdrawn"));
        assertEquals(Map.of("approvedInFull", 0, "approvedInPart", 0, "denied", 0), february.get("decided"));

        Map<String, Object> march = row(report, "2025-03");
        assertEquals(0, march.get("received"));
        assertEquals(Map.of("approvedInFull", 8, "approvedInPart", 0, "denied", MARKER), march.get("decided"),
                "the first decisions only: neither the appeal's nor the carry-over case's");
        assertEquals(Map.of("approvedInFull", MARKER, "approvedInPart", 0, "denied", 0), march.get("decidedOnAppeal"));
        assertEquals(MARKER, march.get("appealed"));
        assertEquals(MARKER, march.get("reversed"));
        assertEquals(0, march.get("withdrawn"));
    }

    @Test
    void daysToDecisionRunOnTheLegalClock() {
        settled();
        assertDays();
    }

    private void assertDays() {
        Map<String, Object> march = row(report(), "2025-03");
        // Sorted: 19, 20, 20, 20, 20, 23, 27, 27, 38 — median the fifth; p90 at 7.2: 27 + 0.2 × 11. Without either
        // pause it would be 30.8 or 33.2.
        assertEquals(Map.of("median", 20.0f, "p90", 29.2f), march.get("daysToDecision"));
        assertEquals(88.9f, march.get("decidedWithinLegalMonthPercent"), "8 of 9 within the month the law gives");
        Map<String, Object> february = row(report(), "2025-02");
        assertNull(february.get("decidedWithinLegalMonthPercent"), "no decisions in February: nothing to compute");
        assertNull(((Map<?, ?>) february.get("daysToDecision")).get("median"));
    }

    @Test
    void vendorsAndRemovalsPerRelease() {
        settled();
        assertVendorsAndRemovals();
    }

    private void assertVendorsAndRemovals() {
        JsonPath report = report();
        assertEquals(1, report.getList("vendors").size());
        assertEquals(Map.of("month", "2025-03", "vendorId", VENDOR, "noticesSent", 6, "acknowledged", 6, "applied", 5,
                "disputed", MARKER, "medianHoursToApply", 6.0f), report.getMap("vendors[0]"));
        assertEquals(Map.of("datasetId", DATASET, "releaseId", "r1", "removedByDecision", 7, "carriedOver", 0,
                "reversed", MARKER), removal(report, "r1"));
        assertEquals(Map.of("datasetId", DATASET, "releaseId", "r2", "removedByDecision", 0, "carriedOver", 6,
                "reversed", 0), removal(report, "r2"));
    }

    @Test
    void namesNoRequest() {
        settled();
        String body = given().when().get("/api/v1/transparency?" + RANGE).then().statusCode(200).extract().asString();
        for (UUID request : requests) {
            assertFalse(body.contains(request.toString()), "the report names request " + request);
        }
    }

    @Test
    void csvHasOneLinePerFigureWithTheSameMarker() {
        settled();
        String csv = given().when().get("/api/v1/transparency?format=csv&" + RANGE).then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertEquals(TransparencyCsv.HEADER, lines.get(0));
        assertTrue(lines.contains("requests,2025-02,GDPR_ERASURE,,,,received,12"), csv);
        assertTrue(lines.contains("requests,2025-02,GDPR_ERASURE,,,,rejected.NOT_PLAUSIBLE,< 5"), csv);
        assertTrue(lines.contains("requests,2025-03,GDPR_ERASURE,,,,decided.approvedInFull,8"), csv);
        assertTrue(lines.contains("requests,2025-03,GDPR_ERASURE,,,,daysToDecision.p90,29.2"), csv);
        assertTrue(lines.contains("requests,2025-02,GDPR_ERASURE,,,,daysToDecision.median,"), csv);
        assertTrue(lines.contains("vendors,2025-03,," + VENDOR + ",,,medianHoursToApply,6.0"), csv);
        assertTrue(lines.contains("removals,,,," + DATASET + ",r2,carriedOver,6"), csv);
        String accepted = given().accept("text/csv").when().get("/api/v1/transparency?" + RANGE).then().statusCode(200)
                .extract().asString();
        assertEquals(csv.substring(0, csv.indexOf("\r\n")), accepted.substring(0, accepted.indexOf("\r\n")));
    }

    @Test
    void thePageShowsTheSameFiguresWithoutLogin() {
        settled();
        given().when().get("/transparency?" + RANGE).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<td>" + VENDOR + "</td>"))
                .body(containsString("88.9"))
                .body(containsString("&lt; 5"));
    }

    @Test
    void aMalformedMonthOrFormatIsAProblem() {
        given().when().get("/api/v1/transparency?from=2025-13").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("errors[0].field", equalTo("from"));
        given().when().get("/api/v1/transparency?format=xml").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("errors[0].field", equalTo("format"));
        given().when().get("/api/v1/transparency?from=2025-03&to=2025-02").then().statusCode(400)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void aMalformedEventGoesToTheDeadLetterTwinOfItsOwnTopic() {
        String key = UUID.randomUUID().toString();
        // The channel reads fourteen topics; without the inbox naming the twin, SmallRye would use one topic for all.
        try (KafkaProbe dispatched = new KafkaProbe(bootstrapServers, Topics.deadLetter(Topics.NOTICES_DISPATCHED));
                EventSender sender = new EventSender(bootstrapServers)) {
            sender.sendRaw(Topics.NOTICES_DISPATCHED, null, key, "{not json");
            ConsumerRecord<String, String> dead = dispatched.awaitRecord(KafkaProbe.keyed(key), Duration.ofSeconds(30));
            assertEquals("{not json", dead.value());
            assertTrue(KafkaProbe.header(dead, "dead-letter-reason") != null, "the reason travels with it");
        }
    }

    private static JsonPath report() {
        return given().accept("application/json").when().get("/api/v1/transparency?" + RANGE).then().statusCode(200)
                .extract().jsonPath();
    }

    private static Map<String, Object> row(JsonPath report, String month) {
        return report.getMap("requests.find { it.month == '" + month + "' }");
    }

    private static Map<String, Object> removal(JsonPath report, String release) {
        Map<String, Object> row = report.getMap("removals.find { it.datasetId == '" + DATASET + "' && it.releaseId == '" + release + "' }");
        return row == null ? Map.of() : row;
    }

    private UUID r(int i) {
        return requests.get(i);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private RequestSubmitted submitted(int i, LegalClock clock) {
        return new RequestSubmitted(UUID.randomUUID(), RECEIVED, r(i), ClaimType.GDPR_ERASURE, "ref", List.of(), List.of(), 1, 0,
                null, null, clock);
    }

    private ReviewDecided decided(int i, ReviewOutcome outcome, String at, List<RemovalItem> items) {
        return new ReviewDecided(UUID.randomUUID(), at(at), r(i), UUID.randomUUID(), ClaimType.GDPR_ERASURE, outcome, DATASET, "r1",
                items, outcome == ReviewOutcome.DENIED ? "NOT_IDENTIFIABLE" : null, List.of());
    }

    /** An item of the data set; release null: the event's (a carry-over names it once for all its items). */
    private static RemovalItem item(String id, String release) {
        return new RemovalItem(id, "https://example.org/" + id + ".jpg", null, release == null ? null : DATASET, release);
    }
}
