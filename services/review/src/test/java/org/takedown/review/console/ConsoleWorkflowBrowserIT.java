package org.takedown.review.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.takedown.events.AppealFiled;
import org.takedown.events.ClaimType;
import org.takedown.events.DeadlineExtended;
import org.takedown.events.EventCodec;
import org.takedown.events.InformationProvided;
import org.takedown.events.InformationRequested;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.review.Cases;
import org.takedown.testing.EventSender;
import org.takedown.testing.HeadlessChromium;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The case workflow in a real headless Chromium, logged in through the real Keycloak: asking the
 * claimant for more information and seeing their answer, extending the deadline, and an appeal decided
 * by a different reviewer. Screenshots go to target/screenshots/review-workflow-*.png.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
@WithTestResource(FakeIntake.class)
class ConsoleWorkflowBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private Page page;

    @BeforeEach
    void openPage() {
        page = chromium.page();
    }

    @Test
    void reviewerTakesTheCaseAsksForMoreInformationAndReadsTheAnswer() {
        String dataset = "wf-info-" + UUID.randomUUID().toString().substring(0, 8);
        UUID requestId = openCase(dataset);
        String caseId = Cases.awaitCase(requestId);
        page.navigate(url("console/cases/" + caseId));
        logIn(page, "reviewer");

        button(page, "Assign to me").click();
        assertEquals("reviewer", page.locator("#assignee").textContent());
        page.navigate(url("console?assignee=ME&datasetId=" + dataset));
        assertEquals(caseId, page.locator("#queue tbody tr[data-case-id]").getAttribute("data-case-id"), page.content());
        page.locator("#queue tbody tr[data-case-id] a").click();

        page.getByLabel("Proof of identity").check();
        page.getByLabel("Message to the claimant (optional)").nth(1).fill("Please send a photo of an ID document.");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-workflow-1-ask.png"))
                .setFullPage(true));
        InformationRequested requested;
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REVIEWS_INFORMATION_REQUESTED)) {
            button(page, "Ask the claimant").click();
            requested = EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(), InformationRequested.class);
        }
        assertEquals(List.of("IDENTITY_PROOF"), requested.reasonCodes());
        assertTrue(page.locator("#message").textContent().contains("clock stands still"), page.locator("#message").textContent());
        assertTrue(page.locator("#flag-waiting").isVisible());
        assertTrue(page.locator("#due").textContent().contains("stands still"));
        assertTrue(FakeIntake.MESSAGES.stream().anyMatch(m -> m.get(3).equals(String.valueOf(requested.messageId()))
                && m.get(2).contains("Please send a photo of an ID document.")));

        UUID replyId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new InformationProvided(UUID.randomUUID(), Instant.now(), requestId, replyId));
        }
        await().atMost(WAIT).until(() -> "OPEN".equals(given().auth().oauth2(Tokens.shared().user("reviewer"))
                .get("/api/v1/cases/{id}", caseId).then().extract().path("status")));
        page.navigate(url("console/cases/" + caseId));
        assertEquals(FakeIntake.replyText(replyId.toString()), page.locator("#claimant-reply blockquote").textContent());
        assertTrue(page.locator("#history").textContent().contains("INFORMATION_PROVIDED"));
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-workflow-2-answer.png"))
                .setFullPage(true));
        given().auth().oauth2(Tokens.shared().user("admin")).queryParam("caseId", caseId).get("/api/v1/admin/audit")
                .then().statusCode(200).body("find { it.action == 'REPLY_VIEWED' }.actor", org.hamcrest.Matchers.equalTo("reviewer"));
    }

    @Test
    void reviewerExtendsTheDeadlineOnceWithAReason() {
        UUID requestId = openCase("wf-extend");
        String caseId = Cases.awaitCase(requestId);
        page.navigate(url("console/cases/" + caseId));
        logIn(page, "reviewer");
        String dueBefore = page.locator("#due").textContent();

        page.getByLabel("Reason", new Page.GetByLabelOptions().setExact(true)).nth(1).selectOption(new SelectOption().setValue("COMPLEXITY"));
        page.getByLabel("By", new Page.GetByLabelOptions().setExact(true)).selectOption(new SelectOption().setValue("1"));
        DeadlineExtended extended;
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DEADLINE_EXTENDED)) {
            button(page, "Extend the deadline").click();
            extended = EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(), DeadlineExtended.class);
        }
        assertEquals("COMPLEXITY", extended.reasonCode());
        org.junit.jupiter.api.Assertions.assertNull(extended.messageId(), "no message written, none sent");
        assertEquals("The deadline was extended.", page.locator("#message").textContent());
        assertTrue(page.locator("#due").textContent().contains("extended on"), page.locator("#due").textContent());
        assertTrue(!page.locator("#due").textContent().startsWith(dueBefore.substring(0, 10)), "a new due date");
        assertEquals(0, button(page, "Extend the deadline").count(), "once per case: the form is gone");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-workflow-3-extended.png"))
                .setFullPage(true));
    }

    @Test
    void anAppealOfADenialGoesToAnotherReviewerWhoSeesTheGrounds() {
        UUID requestId = openCase("wf-appeal");
        String caseId = Cases.awaitCase(requestId);
        page.navigate(url("console/cases/" + caseId));
        logIn(page, "reviewer");
        page.getByLabel("Reason", new Page.GetByLabelOptions().setExact(true)).first().selectOption(new SelectOption().setValue("INSUFFICIENT_EVIDENCE"));
        page.getByLabel("Message to the claimant (optional)").first().fill("The images do not show you.");
        button(page, "Deny").click();
        assertTrue(page.locator("#case-status").textContent().contains("DENIED"));
        assertTrue(FakeIntake.MESSAGES.stream().anyMatch(m -> m.get(0).contains(requestId.toString())
                && m.get(2).contains("\"kind\":\"DENIAL\"") && m.get(2).contains("The images do not show you.")));

        UUID grounds = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new AppealFiled(UUID.randomUUID(), Instant.now(), requestId, grounds));
        }
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(given().auth().oauth2(Tokens.shared().user("reviewer"))
                .get("/api/v1/cases/{id}", caseId).then().extract().path("appeal")));
        page.navigate(url("console?datasetId=wf-appeal"));
        assertTrue(page.locator("#queue tr[data-case-id='" + caseId + "']").textContent().contains("appeal"), page.content());
        page.navigate(url("console/cases/" + caseId));
        assertTrue(page.locator("#notice").textContent().contains("another reviewer decides the appeal"));
        assertEquals(0, button(page, "Approve selected").count(), "the reviewer who denied it cannot decide the appeal");
        assertEquals(0, button(page, "Deny").count());
        // Nor by posting the form by hand.
        String csrf = page.locator("input[name=csrf-token]").first().getAttribute("value");
        String version = page.locator("input[name=version]").first().getAttribute("value");
        APIResponse forced = page.request().post(url("console/cases/" + caseId + "/approve"), RequestOptions.create()
                .setForm(FormData.create().set("csrf-token", csrf).set("version", version).set("item", "c-1")).setMaxRedirects(0));
        assertEquals(403, forced.status());
        assertTrue(forced.text().contains("different reviewer"), forced.text());

        BrowserContext other = chromium.newContextWithoutJavaScript();
        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            Page second = other.newPage();
            second.navigate(url("console/cases/" + caseId));
            logIn(second, "reviewer2");
            assertTrue(second.locator("#flag-appeal").isVisible());
            assertEquals(FakeIntake.replyText(grounds.toString()), second.locator("#appeal-grounds blockquote").textContent());
            second.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-workflow-4-appeal.png"))
                    .setFullPage(true));
            second.getByLabel("c-1").check();
            button(second, "Approve selected").click();
            assertTrue(second.locator("#case-status").textContent().contains("PARTIALLY_APPROVED"));
            // The probe also sees the first decision (the denial) of this request: wait for the appeal's.
            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId)
                    .and(r -> !r.value().contains("\"DENIED\"")), WAIT).value(), ReviewDecided.class);
            assertEquals(ReviewOutcome.PARTIALLY_APPROVED, event.outcome());
            assertEquals(List.of("c-1"), event.approvedItems().stream().map(i -> i.itemId()).toList());
        } finally {
            other.close();
        }
    }

    @Test
    void aFormWithoutItsCsrfTokenGetsAClearPageAndChangesNothing() {
        UUID requestId = openCase("wf-csrf");
        String caseId = Cases.awaitCase(requestId);
        page.navigate(url("console/cases/" + caseId));
        logIn(page, "reviewer");
        APIResponse forged = page.request().post(url("console/cases/" + caseId + "/claim"),
                RequestOptions.create().setForm(FormData.create().set("version", "0")).setMaxRedirects(0));
        assertEquals(400, forged.status());
        assertTrue(forged.headers().get("content-type").startsWith("text/html"), forged.headers().toString());
        assertTrue(forged.text().contains("security token (CSRF)") && forged.text().contains("Nothing was changed"), forged.text());
        Response shown = page.navigate(url("console/cases/" + caseId));
        assertEquals(200, shown.status());
        assertEquals("nobody", page.locator("#assignee").textContent());
    }

    @Test
    void aLargeSiteOptOutShowsDomainCountsAndASampleAndIsApprovedAsAWholeThroughFourEyes() {
        UUID requestId = UUID.randomUUID();
        List<MatchCandidate> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String host = i < 70 ? "big.example" : i < 110 ? "mid.example" : "small.example";
            candidates.add(new MatchCandidate("s-" + i, "https://" + host + "/img/" + i + ".jpg", "img " + i, List.of("DOMAIN"), 0.9));
        }
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.SITE_OPT_OUT, "wf-bulk", "2026-11",
                    candidates, 120));
        }
        String caseId = Cases.awaitCase(requestId);
        page.navigate(url("console/cases/" + caseId));
        logIn(page, "reviewer");
        assertEquals(List.of("big.example", "mid.example", "small.example"), page.locator("#domains tbody th").allTextContents());
        assertEquals(List.of("70", "40", "10"), page.locator("#domains tbody td").allTextContents());
        assertEquals(50, page.locator("#candidates tbody tr").count(), "a sample, not all 120");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-workflow-5-bulk.png"))
                .setFullPage(true));
        button(page, "Approve all 120").click();
        assertTrue(page.locator("#proposal").textContent().contains("Approval of 120 items proposed by reviewer"),
                page.locator("#proposal").textContent());

        BrowserContext other = chromium.newContextWithoutJavaScript();
        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            Page senior = other.newPage();
            senior.navigate(url("console/cases/" + caseId));
            logIn(senior, "senior");
            button(senior, "Confirm approval").click();
            assertTrue(senior.locator("#case-status").textContent().contains("APPROVED"), senior.locator("#case-status").textContent());
            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(), ReviewDecided.class);
            assertEquals(ReviewOutcome.APPROVED, event.outcome());
            assertEquals(120, event.approvedItems().size());
        } finally {
            other.close();
        }
    }

    @Test
    void aCarryOverCaseShowsTheDecisionItFollowsUp() throws InterruptedException {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT, "wf-carry", "2026-11",
                    List.of(new MatchCandidate("i-3", "https://a.example/3.jpg", "three", List.of("EXACT_URL"), 1.0)), 1));
        }
        String ownCase = Cases.awaitCase(requestId);
        io.restassured.RestAssured.given().auth().oauth2(org.takedown.testing.Tokens.shared().user("reviewer"))
                .contentType(io.restassured.http.ContentType.JSON).body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/cases/{id}/decision", ownCase).then().statusCode(200);
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(org.takedown.events.RemovalsCarriedOver.of(requestId, "wf-carry", "2026-12", Instant.now(), List.of(),
                    List.of(new org.takedown.events.RemovalsCarriedOver.NearDuplicate("n-3", "https://c.example/near.jpg",
                            "ab".repeat(32), 7, "i-3", "https://a.example/3.jpg", "2026-11"))));
        }
        String carryOver = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (carryOver == null && System.nanoTime() < deadline) {
            List<String> ids = io.restassured.RestAssured.given().auth().oauth2(org.takedown.testing.Tokens.shared().user("reviewer"))
                    .queryParam("requestId", requestId).when().get("/api/v1/cases").then().statusCode(200)
                    .extract().jsonPath().getList("id");
            carryOver = ids.stream().filter(id -> !id.equals(ownCase)).findFirst().orElse(null);
            Thread.sleep(100); // polling interval
        }
        assertTrue(carryOver != null, "a carry-over case for " + requestId);

        page.navigate(url("console/cases/" + carryOver));
        logIn(page, "reviewer");
        assertTrue(page.locator("#original-outcome").textContent().contains("APPROVED"), page.locator("#original-outcome").textContent());
        assertTrue(page.locator("#original-decided-by").textContent().contains("reviewer"),
                page.locator("#original-decided-by").textContent());
        assertTrue(page.locator("#original-decision").textContent().contains("wf-carry (release 2026-11); 1 item(s) removed there"),
                page.locator("#original-decision").textContent());
        page.locator("#original-case").click();
        assertTrue(page.url().endsWith("/console/cases/" + ownCase), page.url());
        assertEquals(0, page.locator("#original-decision").count(), "the request's own case follows up nothing");
    }

    private static com.microsoft.playwright.Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private void logIn(Page page, String user) {
        page.locator("#username").fill(user);
        page.locator("#password").fill("takedown-demo");
        page.locator("#kc-login").click();
        assertTrue(page.url().startsWith(url("console")), "back in the console: " + page.url());
    }

    private UUID openCase(String dataset) {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.COPYRIGHT, dataset, "2026-11",
                    List.of(new MatchCandidate("c-1", "https://c.example/1.jpg", "one", List.of("EXACT_URL"), 1.0),
                            new MatchCandidate("c-2", "https://c.example/2.jpg", "two", List.of("DOMAIN"), 0.6)),
                    2));
        }
        return requestId;
    }

    /** Keycloak accepts the console's redirects to 127.0.0.1 only: use that host, not localhost. */
    private String url(String path) {
        return "http://127.0.0.1:" + base.getPort() + "/" + path;
    }
}
