package org.takedown.review.console;

import static io.restassured.RestAssured.given;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
import org.takedown.events.Topics;
import org.takedown.review.Cases;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.HeadlessChromium;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The reviewer console in a real headless Chromium (Debian's package, driven by Playwright), logged in
 * through the real Keycloak with the authorization code flow. The pages need no JavaScript, so the
 * browser runs with scripts off. Screenshots go to target/screenshots. Without Chromium the tests fail
 * on CI (CI=true) and are skipped, with the reason, elsewhere.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
@WithTestResource(FakeIntake.class)
class ConsoleBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private BrowserContext context;
    private Page page;

    @BeforeEach
    void openPage() {
        context = chromium.context();
        page = chromium.page();
    }

    @Test
    void reviewerLogsInFindsTheCaseInTheQueueAndApprovesOneOfTwoCandidates() {
        String dataset = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        UUID requestId = openCase(dataset);
        String caseId = Cases.awaitCase(requestId);

        page.navigate(url("console"));
        assertTrue(page.url().contains("/realms/takedown/protocol/openid-connect/auth"), "sent to Keycloak: " + page.url());
        logIn("reviewer");

        assertEquals("Review queue", page.locator("h1").textContent());
        assertEquals("en", page.getAttribute("html", "lang"));
        assertEquals("reviewer", page.locator("#user").textContent());
        page.getByLabel("Data set").selectOption(new SelectOption().setValue(dataset));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertEquals(1, page.locator("#queue tbody tr[data-case-id]").count(), page.content());
        assertEquals(caseId, page.locator("#queue tbody tr[data-case-id]").getAttribute("data-case-id"));
        assertTrue(page.locator("#queue tbody tr").textContent().contains("COPYRIGHT"));
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-1-queue.png")).setFullPage(true));
        // Order and pages: the chosen order stays selected; a page past the end links back to the previous one.
        page.getByLabel("Order").selectOption(new SelectOption().setValue("MOST_CANDIDATES"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertTrue(page.url().contains("sort=MOST_CANDIDATES"), page.url());
        assertEquals("MOST_CANDIDATES", page.locator("#f-sort").inputValue());
        assertEquals(caseId, page.locator("#queue tbody tr[data-case-id]").getAttribute("data-case-id"));
        page.navigate(url("console?datasetId=" + dataset + "&sort=OLDEST&page=2"));
        assertEquals(0, page.locator("#queue tbody tr[data-case-id]").count());
        assertEquals("Page 2", page.locator("#page-number").textContent());
        page.locator("#page-previous").click();
        assertTrue(page.url().contains("page=1") && page.url().contains("sort=OLDEST"), page.url());
        assertEquals(caseId, page.locator("#queue tbody tr[data-case-id]").getAttribute("data-case-id"));
        assertEquals(0, page.locator("#page-next").count(), "one case: no next page");
        assertEquals(400, page.navigate(url("console?page=0")).status());
        page.navigate(url("console?datasetId=" + dataset));

        page.locator("#queue tbody tr[data-case-id] a").click();
        assertEquals(caseId, page.locator("#case-id").textContent());
        assertEquals(2, page.locator("#candidates tbody tr").count());
        assertTrue(page.locator("#history").textContent().contains("CASE_VIEWED"), "the view is in the history");
        // A form post without the CSRF token (as from another site) is refused, and changes nothing.
        APIResponse forged = page.request().post(url("console/cases/" + caseId + "/approve"),
                RequestOptions.create().setForm(FormData.create().set("version", "0").set("item", "b-1")).setMaxRedirects(0));
        assertEquals(400, forged.status());
        given().auth().oauth2(Tokens.shared().user("reviewer")).when().get("/api/v1/cases/{id}", caseId)
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("OPEN"));

        page.getByLabel("b-2").check();
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-2-case.png")).setFullPage(true));

        String csrf = page.locator("#approve-form input[name=csrf-token]").getAttribute("value");
        String version = page.locator("#approve-form input[name=version]").getAttribute("value");
        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve selected")).click();
            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(),
                    ReviewDecided.class);
            assertEquals(ReviewOutcome.PARTIALLY_APPROVED, event.outcome());
            assertEquals(List.of(new RemovalItem("b-2", "https://b.example/2.jpg")), event.approvedItems());
        }
        assertEquals("Your decision was recorded.", page.locator("#message").textContent());
        assertTrue(page.locator("#case-status").textContent().contains("PARTIALLY_APPROVED"));
        assertTrue(page.locator("#history").textContent().contains("DECISION_MADE"));
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-3-decided.png")).setFullPage(true));

        // The same form posted again (double click, back button, resend): refused, nothing decided twice.
        APIResponse again = page.request().post(url("console/cases/" + caseId + "/approve"), RequestOptions.create()
                .setForm(FormData.create().set("csrf-token", csrf).set("version", version).set("item", "b-1"))
                .setMaxRedirects(0));
        assertEquals(409, again.status());
        assertTrue(again.text().contains("already decided"), again.text());
        List<String> actions = given().auth().oauth2(Tokens.shared().user("admin")).queryParam("caseId", caseId)
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath().getList("action");
        assertEquals(1, actions.stream().filter("DECISION_MADE"::equals).count(), actions.toString());
        given().auth().oauth2(Tokens.shared().user("reviewer")).when().get("/api/v1/cases/{id}", caseId)
                .then().body("outcome", org.hamcrest.Matchers.equalTo("PARTIALLY_APPROVED"));
    }

    @Test
    void aStalePageIsRefusedWithAClearMessageAndAResubmitChangesNothing() {
        UUID requestId = openCase("browser-stale");
        String caseId = Cases.awaitCase(requestId);
        page.navigate(url("console/cases/" + caseId));
        logIn("reviewer2");
        page.getByLabel("b-1").check();

        // Meanwhile someone else decides the case.
        given().auth().oauth2(Tokens.shared().user("senior")).contentType("application/json")
                .body("{\"decision\":\"DENY\",\"reasonCode\":\"NOT_A_MATCH\"}")
                .when().post("/api/v1/cases/{id}/decision", caseId).then().statusCode(200);

        Response response = page.waitForNavigation(() -> page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Approve selected")).click());
        assertEquals(409, response.status());
        assertTrue(page.locator("#message").textContent().contains("already decided"), page.locator("#message").textContent());
        assertTrue(page.locator("#case-status").textContent().contains("DENIED"), "the page shows the case as it is now");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-4-stale.png")).setFullPage(true));

        given().auth().oauth2(Tokens.shared().user("reviewer")).when().get("/api/v1/cases/{id}", caseId)
                .then().statusCode(200).body("outcome", org.hamcrest.Matchers.equalTo("DENIED"))
                .body("candidates.approved", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(false)));
    }

    @Test
    void evidenceIsFetchedFromIntakeWithTheReviewersOwnTokenAndAudited() {
        UUID requestId = openCase("browser-evidence");
        String caseId = Cases.awaitCase(requestId);
        page.navigate(url("console/cases/" + caseId));
        logIn("reviewer");
        int before = FakeIntake.CALLS.size();

        com.microsoft.playwright.Response image = page.navigate(url("console/cases/" + caseId + "/evidence/" + FakeIntake.EVIDENCE_ID));
        assertEquals(200, image.status());
        assertEquals("image/jpeg", image.headerValue("content-type"));

        List<String> call = FakeIntake.CALLS.subList(before, FakeIntake.CALLS.size()).stream()
                .filter(c -> c.get(0).endsWith("/evidence/" + FakeIntake.EVIDENCE_ID)).findFirst()
                .orElseThrow(() -> new AssertionError("intake was not asked for the image: " + FakeIntake.CALLS));
        assertEquals("/api/v1/internal/requests/" + requestId + "/evidence/" + FakeIntake.EVIDENCE_ID, call.get(0));
        // The reviewer's own access token, not a service token of review's.
        com.fasterxml.jackson.databind.JsonNode claims = Tokens.claims(call.get(1).substring("Bearer ".length()));
        assertEquals("reviewer", claims.path("preferred_username").asText());
        assertEquals("review case " + caseId, call.get(2));
        given().auth().oauth2(Tokens.shared().user("admin")).queryParam("caseId", caseId).get("/api/v1/admin/audit")
                .then().statusCode(200).body("action", org.hamcrest.Matchers.hasItem("EVIDENCE_VIEWED"))
                .body("find { it.action == 'EVIDENCE_VIEWED' }.actor", org.hamcrest.Matchers.equalTo("reviewer"));

        // The case page shows the image as a thumbnail from the same audited endpoint: it loads (a decoded
        // image, never cached: no-store) and the view is recorded again.
        long viewsBefore = evidenceViews(caseId);
        page.navigate(url("console/cases/" + caseId));
        assertTrue(page.locator("ul.evidence a").first().textContent().contains("Image 1"), page.content());
        page.locator("ul.evidence img.thumb").first().scrollIntoViewIfNeeded();
        page.waitForFunction("() => { const i = document.querySelector('ul.evidence img.thumb'); return i && i.complete && i.naturalWidth > 0; }");
        assertEquals("Evidence image 1", page.locator("ul.evidence img.thumb").first().getAttribute("alt"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (evidenceViews(caseId) <= viewsBefore && System.currentTimeMillis() < deadline) {
            page.waitForTimeout(200);
        }
        assertTrue(evidenceViews(caseId) > viewsBefore, "the thumbnail's view is audited");
    }

    private static long evidenceViews(String caseId) {
        return given().auth().oauth2(Tokens.shared().user("admin")).queryParam("caseId", caseId).get("/api/v1/admin/audit")
                .then().statusCode(200).extract().jsonPath().getList("action", String.class).stream()
                .filter("EVIDENCE_VIEWED"::equals).count();
    }

    @Test
    void logOutEndsTheConsoleSessionAndTheKeycloakSession() {
        page.navigate(url("console"));
        logIn("reviewer");
        assertTrue(context.cookies().stream().anyMatch(c -> c.name.startsWith("q_session")), "logged in: a session cookie");

        List<String> visited = new java.util.ArrayList<>();
        page.onRequest(request -> visited.add(request.url()));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log out")).click();
        page.waitForLoadState();
        assertTrue(context.cookies().stream().noneMatch(c -> c.name.startsWith("q_session")), "the console session is gone");
        // Keycloak's end-session endpoint, told who (id_token_hint) and where to come back to.
        String logout = visited.stream().filter(u -> u.contains("/realms/takedown/protocol/openid-connect/logout")).findFirst()
                .orElseThrow(() -> new AssertionError("no visit to Keycloak's logout: " + visited));
        assertTrue(logout.contains("id_token_hint="), logout);
        assertTrue(logout.contains("post_logout_redirect_uri=" + java.net.URLEncoder.encode(url("console"),
                java.nio.charset.StandardCharsets.UTF_8)), logout);
        // Back at the console, there is no single sign-on left to log in again silently: the login form asks.
        page.navigate(url("console"));
        assertTrue(page.locator("#username").isVisible(), "Keycloak asks for the password again: " + page.url());
    }

    @Test
    void aSiteOptOutProposedInTheConsoleIsConfirmedByASeniorInTheConsole() {
        UUID requestId = openCase("browser-four-eyes", ClaimType.SITE_OPT_OUT);
        String caseId = Cases.awaitCase(requestId);
        page.navigate(url("console/cases/" + caseId));
        logIn("reviewer");
        page.getByLabel("b-1").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve selected")).click();
        assertTrue(page.locator("#message").textContent().contains("must confirm it"), page.locator("#message").textContent());
        assertTrue(page.locator("#proposal").textContent().contains("proposed by reviewer"));
        assertEquals(0, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm approval")).count(),
                "the proposer cannot confirm");

        BrowserContext senior = chromium.newContextWithoutJavaScript();
        try (KafkaProbe decided = new KafkaProbe(bootstrapServers, Topics.REVIEWS_DECIDED)) {
            Page seniorPage = senior.newPage();
            seniorPage.navigate(url("console/cases/" + caseId));
            seniorPage.locator("#username").fill("senior");
            seniorPage.locator("#password").fill("takedown-demo");
            seniorPage.locator("#kc-login").click();
            seniorPage.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("review-5-proposal.png")).setFullPage(true));
            seniorPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm approval")).click();
            assertTrue(seniorPage.locator("#case-status").textContent().contains("PARTIALLY_APPROVED"),
                    seniorPage.locator("#case-status").textContent());
            ReviewDecided event = EventCodec.read(decided.awaitRecord(KafkaProbe.keyed(requestId), WAIT).value(),
                    ReviewDecided.class);
            assertEquals(List.of(new RemovalItem("b-1", "https://b.example/1.jpg")), event.approvedItems());
        } finally {
            senior.close();
        }
    }

    private void logIn(String user) {
        page.locator("#username").fill(user);
        page.locator("#password").fill("takedown-demo");
        page.locator("#kc-login").click();
        assertTrue(page.url().startsWith(url("console")), "back in the console: " + page.url());
    }

    private UUID openCase(String dataset) {
        return openCase(dataset, ClaimType.COPYRIGHT);
    }

    private UUID openCase(String dataset, ClaimType type) {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, type, dataset, "2026-11",
                    List.of(new MatchCandidate("b-1", "https://b.example/1.jpg", "one", List.of("EXACT_URL"), 1.0),
                            new MatchCandidate("b-2", "https://b.example/2.jpg", "two", List.of("DOMAIN"), 0.6)),
                    2));
        }
        return requestId;
    }


    /** Keycloak accepts the console's redirects to 127.0.0.1 only: use that host, not localhost. */
    private String url(String path) {
        return "http://127.0.0.1:" + base.getPort() + "/" + path;
    }
}
