package org.takedown.review.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.SignalScore;
import org.takedown.events.Topics;
import org.takedown.review.Cases;
import org.takedown.testing.EventSender;
import org.takedown.testing.HeadlessChromium;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The console's images side by side, the queue past its first 200 rows, and the items of one site decided in many
 * cases at once, in a real Chromium (scripts off) logged in through the real Keycloak. Matching's item images come from
 * {@link FakeMatching}, the evidence from {@link FakeIntake}.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
@WithTestResource(FakeIntake.class)
@WithTestResource(FakeMatching.class)
class ConsoleSitesAndImagesBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    private Page page;

    @BeforeEach
    void openPage() {
        chromium.context();
        page = chromium.page();
    }

    @Test
    void theSideBySideViewShowsTheEvidenceAndTheCandidateFromItsReleaseWithTheSignalAndDistance() {
        String dataset = "side-" + UUID.randomUUID().toString().substring(0, 8);
        UUID requestId = UUID.randomUUID();
        send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT, dataset, "2026-11",
                List.of(new MatchCandidate("p-1", "https://p.example/1.jpg", "near copy", List.of("PDQ"), 0.9,
                        List.of(new SignalScore("PDQ", 12.0,
                                "evidence image 0: PDQ distance 12 of 256 bits (threshold 31), original, item quality 100")),
                        null, dataset, "2026-11")),
                1));
        String caseId = Cases.awaitCase(requestId);
        page.navigate(url("console/cases/" + caseId));
        logIn("reviewer");

        // The case page shows the candidate's own image as a thumbnail, linking to the side-by-side view.
        String thumb = page.locator("#candidates img.thumb").first().getAttribute("src");
        APIResponse image = page.request().get(url(thumb.substring(1)));
        assertEquals(200, image.status(), thumb + ": " + image.text());
        assertEquals("image/png", image.headers().get("content-type"));
        page.locator("#candidates img.thumb").first().scrollIntoViewIfNeeded();
        page.waitForFunction("() => { const i = document.querySelector('#candidates img.thumb'); return i && i.complete && i.naturalWidth > 0; }");
        long comparedBefore = audited(caseId, "CANDIDATE_COMPARED");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Compare with the evidence")).click();

        assertEquals("p-1", page.locator("#item-id").textContent());
        assertTrue(page.locator("#signals").textContent().contains("PDQ 12: evidence image 0: PDQ distance 12 of 256 bits"),
                page.locator("#signals").textContent());
        page.waitForFunction("() => { const e = document.querySelector('.evidence-image img'), c = document.getElementById('candidate-image');"
                + " return e && c && e.complete && c.complete && e.naturalWidth === 32 && c.naturalWidth === 40; }");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-side-by-side.png"))
                .setFullPage(true));
        assertEquals(comparedBefore + 1, audited(caseId, "CANDIDATE_COMPARED"), "opening the comparison is audited");
        awaitAudited(caseId, "EVIDENCE_VIEWED");

        // The item's bytes came from matching's release (asked with the reviewer's own token), never from its URL.
        List<String> call = FakeMatching.CALLS.stream().filter(c -> c.get(0).contains("/datasets/" + dataset + "/")).findFirst()
                .orElseThrow();
        assertEquals("/api/v1/internal/datasets/" + dataset + "/releases/2026-11/items/p-1/image", call.get(0));
        assertTrue(call.get(1).contains("url=https"), call.get(1));
        assertTrue(call.get(2).startsWith("Bearer ey"), "the reviewer's token: " + call.get(2));

        // A candidate id of another case is not found through this case.
        String href = page.locator("#candidate-image").getAttribute("src");
        String otherCase = UUID.randomUUID().toString();
        assertEquals(404, page.navigate(url(href.substring(1).replace(caseId, otherCase))).status());
    }

    @Test
    void theQueueIsPagedPastItsFirst200Rows() {
        String dataset = "paged-" + UUID.randomUUID().toString().substring(0, 8);
        seedOpenCases(dataset, 205);
        page.navigate(url("console?datasetId=" + dataset + "&sort=DUE"));
        logIn("reviewer");
        assertEquals(200, page.locator("#queue tbody tr[data-case-id]").count());
        assertTrue(page.locator("#queue caption").textContent().contains("rows 1–200"), page.locator("#queue caption").textContent());

        String last = page.locator("#queue tbody tr[data-case-id]").last().getAttribute("data-case-id");
        assertTrue(page.locator("#page-next").getAttribute("href").endsWith("&page=2&after=" + last), "keyset: after the last row");
        page.locator("#page-next").click();
        assertTrue(page.locator("#queue caption").textContent().contains("rows 201–205"), page.locator("#queue caption").textContent());
        assertEquals(5, page.locator("#queue tbody tr[data-case-id]").count());
        assertEquals("Page 2", page.locator("#page-number").textContent());
        assertEquals(0, page.locator("#page-next").count());
        // Row 201 is the 201st case by deadline: the seeded case whose deadline is 201 hours away.
        String row201 = page.locator("#queue tbody tr[data-case-id]").first().getAttribute("data-case-id");
        assertEquals(caseDueInHours(dataset, 201), row201);
    }

    @Test
    void theItemsOfOneSiteAreApprovedInEachSelectedCaseWithOneDecisionPerCase() {
        String site = "pics-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        UUID mixed = openCase(ClaimType.COPYRIGHT, List.of(candidate("m-1", "https://" + site + "/1.jpg"),
                candidate("m-2", "https://cdn." + site + "/2.jpg"), candidate("m-3", "https://elsewhere.example/3.jpg")));
        UUID onlySite = openCase(ClaimType.LIKENESS, List.of(candidate("s-1", "https://" + site + "/9.jpg")));
        UUID optOut = openCase(ClaimType.SITE_OPT_OUT, List.of(candidate("o-1", "https://" + site + "/o.jpg")));
        UUID notTicked = openCase(ClaimType.COPYRIGHT, List.of(candidate("n-1", "https://" + site + "/n.jpg")));
        String mixedCase = Cases.awaitCase(mixed);
        String onlySiteCase = Cases.awaitCase(onlySite);
        String optOutCase = Cases.awaitCase(optOut);
        String notTickedCase = Cases.awaitCase(notTicked);

        page.navigate(url("console"));
        logIn("reviewer");
        page.locator("#f-site").fill(site.toUpperCase());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertEquals(4, page.locator("#queue tbody tr[data-case-id]").count(), "the cases with items on the site");
        for (String caseId : List.of(mixedCase, onlySiteCase, optOutCase)) {
            page.locator("#select-" + caseId).check();
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-bulk-select.png"))
                .setFullPage(true));

        String csrf = page.locator("#bulk-form input[name=csrf-token]").getAttribute("value");
        String mixedSelection = page.locator("#select-" + mixedCase).getAttribute("value");
        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve the items of " + site + " in the selected cases"))
                    .click();
            ReviewDecided first = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(mixed), WAIT).value(), ReviewDecided.class);
            assertEquals(ReviewOutcome.PARTIALLY_APPROVED, first.outcome());
            assertEquals(Set.of("m-1", "m-2"), new HashSet<>(first.approvedItems().stream().map(RemovalItem::itemId).toList()));
            ReviewDecided second = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(onlySite), WAIT).value(), ReviewDecided.class);
            assertEquals(ReviewOutcome.APPROVED, second.outcome());
            List<ConsumerRecord<String, String>> all = decided.drain(Duration.ofSeconds(2));
            assertEquals(1, all.stream().filter(r -> r.key().equals(mixed.toString())).count(), "one decision per case");
            assertEquals(1, all.stream().filter(r -> r.key().equals(onlySite.toString())).count(), "one decision per case");
            assertFalse(all.stream().anyMatch(r -> r.key().equals(optOut.toString()) || r.key().equals(notTicked.toString())),
                    "a site opt-out is only proposed (four eyes); an unticked case is untouched");
        }
        assertTrue(page.locator("#bulk-summary").textContent().contains("3 cases decided or proposed, 0 refused"),
                page.locator("#bulk-summary").textContent());
        assertTrue(page.locator("#bulk-results tr[data-case-id='" + optOutCase + "'] .result").textContent().startsWith("proposed"));
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-bulk-result.png"))
                .setFullPage(true));
        assertEquals("PROPOSED", status(optOutCase));
        assertEquals("OPEN", status(notTickedCase));
        assertTrue(audited(mixedCase, "DECISION_MADE") == 1 && audited(onlySiteCase, "DECISION_MADE") == 1);
        assertEquals(1, audited(optOutCase, "DECISION_PROPOSED"));

        // The same form posted again (resent, back button): the case is refused as changed, nothing is decided twice.
        APIResponse again = page.request().post(url("console/bulk/approve"), RequestOptions.create()
                .setForm(FormData.create().set("csrf-token", csrf).set("site", site).set("case", mixedSelection)));
        assertEquals(200, again.status());
        assertTrue(again.text().contains("0 cases decided or proposed, 1 refused"), again.text());
        assertEquals(1, audited(mixedCase, "DECISION_MADE"));

        // The decided cases have left the queue of the site; the proposal stays, not selectable.
        page.navigate(url("console?site=" + site));
        assertEquals(2, page.locator("#queue tbody tr[data-case-id]").count());
        assertTrue(page.locator("#select-" + optOutCase).isDisabled());
        page.locator("#select-" + notTickedCase).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve the items of " + site + " in the selected cases"))
                .click();
        assertTrue(page.locator("#bulk-summary").textContent().contains("1 cases decided or proposed, 0 refused"),
                page.locator("#bulk-summary").textContent());
        assertEquals("DECIDED", status(notTickedCase));
    }

    private static MatchCandidate candidate(String itemId, String url) {
        return new MatchCandidate(itemId, url, "caption " + itemId, List.of("DOMAIN"), 0.6);
    }

    private UUID openCase(ClaimType type, List<MatchCandidate> candidates) {
        UUID requestId = UUID.randomUUID();
        send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, type, "bulk-set", "2026-11", candidates,
                candidates.size()));
        return requestId;
    }

    private void send(MatchesFound event) {
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(event);
        }
    }

    /** {@code n} open cases, the k-th (1-based) due in k hours. */
    private void seedOpenCases(String dataset, int n) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into review_case (id, request_id, claim_type, status, dataset_id, release_id, total_candidates,
                    opened_at, received_at, due_at, version)
                select gen_random_uuid(), gen_random_uuid(), 'COPYRIGHT', 'OPEN', :d, '2026-11', 1,
                    now(), now(), now() + k * interval '1 hour', 0
                from generate_series(1, :n) as k
                """).setParameter("d", dataset).setParameter("n", n).executeUpdate());
    }

    private String caseDueInHours(String dataset, int hours) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select cast(id as text) from review_case where dataset_id = :d order by due_at offset :k limit 1")
                .setParameter("d", dataset).setParameter("k", hours - 1).getSingleResult().toString());
    }

    private static String status(String caseId) {
        return given().auth().oauth2(Tokens.shared().user("reviewer")).when().get("/api/v1/cases/{id}", caseId)
                .then().statusCode(200).extract().path("status");
    }

    private static long audited(String caseId, String action) {
        return given().auth().oauth2(Tokens.shared().user("admin")).queryParam("caseId", caseId).get("/api/v1/admin/audit")
                .then().statusCode(200).extract().jsonPath().getList("action").stream().filter(action::equals).count();
    }

    private static void awaitAudited(String caseId, String action) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (audited(caseId, action) == 0) {
            assertTrue(System.currentTimeMillis() < deadline, action + " in the audit log of case " + caseId);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void logIn(String user) {
        page.locator("#username").fill(user);
        page.locator("#password").fill("takedown-demo");
        page.locator("#kc-login").click();
        assertTrue(page.url().startsWith(url("console")), "back in the console: " + page.url());
    }

    /** Keycloak accepts the console's redirects to 127.0.0.1 only: use that host, not localhost. */
    private String url(String path) {
        return "http://127.0.0.1:" + base.getPort() + "/" + path;
    }
}
