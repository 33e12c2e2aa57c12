package org.takedown.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.takedown.events.ClaimType;
import org.takedown.events.InformationRequested;
import org.takedown.testing.EventSender;
import org.takedown.testing.HeadlessChromium;
import org.takedown.testing.Tokens;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The claimant pages in a real headless Chromium (Debian's package, driven by Playwright): the form
 * with an image upload, the receipt with the token, the status page opened with it. No JavaScript is
 * needed by the pages, so the browser runs with scripts off. Screenshots go to target/screenshots.
 * Without Chromium the tests fail on CI (CI=true) and are skipped, with the reason, elsewhere.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class ClaimantBrowserIT {

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @TestHTTPResource("/")
    URL base;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private BrowserContext context;
    private Page page;

    @BeforeEach
    void openPage() {
        context = chromium.context();
        page = chromium.page();
    }

    @Test
    void claimantFilesWithAnImageAndFollowsTheRequestWithTheToken() throws IOException {
        Path image = Files.createTempFile("evidence", ".jpg");
        Files.write(image, TestImages.jpegWithExifLocation());

        page.navigate(url("submit"));
        assertEquals("en", page.getAttribute("html", "lang"));
        page.getByLabel("Kind of request").selectOption(new SelectOption().setValue("COPYRIGHT"));
        page.getByLabel("Who are you asking for?").selectOption(new SelectOption().setValue("SELF"));
        page.getByLabel("Your e-mail address").fill("browser@example.org");
        page.getByLabel("Your name (optional)").fill("Bea Browser");
        page.getByLabel("Your country (optional)").fill("DE");
        page.getByLabel("Images of yours (optional)").setInputFiles(image);
        page.getByLabel("Image addresses (optional)").fill("https://images.example.org/bea/1.jpg");
        page.locator("#f-statements-COPYRIGHT-identificationOfWork").fill("My photo of a lighthouse");
        page.locator("#f-statements-COPYRIGHT-identificationOfMaterial").fill("https://images.example.org/bea/1.jpg");
        page.locator("#f-statements-COPYRIGHT-contact").fill("browser@example.org");
        page.locator("#f-statements-COPYRIGHT-goodFaithStatement").check();
        page.locator("#f-statements-COPYRIGHT-accuracyUnderPenaltyOfPerjury").check();
        page.locator("#f-statements-COPYRIGHT-signature").fill("Bea Browser");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("1-form.png")).setFullPage(true));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Send my request")).click();

        assertEquals("We have your request", page.locator("h1").textContent());
        String id = page.locator("#request-id").textContent();
        String token = page.locator("#access-token").textContent();
        assertTrue(token.length() >= 43, token);
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("2-receipt.png")).setFullPage(true));

        page.locator("#status-link").click();
        page.getByLabel("Your access code").fill(token);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Show my request")).click();
        assertEquals("Received", page.locator("#status-label").textContent());
        assertTrue(page.locator("#timeline").textContent().contains("We have your request"));
        assertTrue(page.content().contains("1 image you uploaded"), "the uploaded image is counted");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("3-status.png")).setFullPage(true));

        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Give me a new access code")).click();
        String fresh = page.locator("#access-token").textContent();
        assertNotEquals(token, fresh);
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("4-new-token.png")).setFullPage(true));

        page.navigate(url("status/" + id));
        page.getByLabel("Your access code").fill(token);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Show my request")).click();
        assertTrue(page.locator("#token-error").isVisible(), "the old token no longer opens the request");
    }

    @ParameterizedTest
    @EnumSource(ClaimType.class)
    void everyClaimTypeCanBeFiledThroughTheForm(ClaimType type) {
        page.navigate(url("submit"));
        page.getByLabel("Kind of request").selectOption(new SelectOption().setValue(type.name()));
        page.getByLabel("Your e-mail address").fill("type-" + type.name().toLowerCase() + "@example.org");
        page.getByLabel("Websites or parts of websites (optional)").fill("site-" + type.ordinal() + ".example.org");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Send my request")).click();
        assertEquals("We have your request", page.locator("h1").textContent(), page.content());
    }

    @Test
    void errorsAreShownNextToTheFieldAndTheFormKeepsWhatWasTyped() {
        page.navigate(url("submit"));
        page.getByLabel("Kind of request").selectOption(new SelectOption().setValue("LIKENESS"));
        page.getByLabel("Your e-mail address").fill("not an address");
        page.getByLabel("Names or words in image captions (optional)").fill("Jo Example");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Send my request")).click();

        assertTrue(page.locator("#f-email-error").isVisible());
        assertEquals("true", page.getByLabel("Your e-mail address").getAttribute("aria-invalid"));
        assertEquals("Jo Example", page.getByLabel("Names or words in image captions (optional)").inputValue());
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("5-form-errors.png")).setFullPage(true));
    }

    @Test
    void claimantWithdrawsTheRequestOnTheStatusPage() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        openStatusPage(receipt);
        assertEquals("Received", page.locator("#status-label").textContent());
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Withdraw my request")).click();

        assertEquals("Withdrawn", page.locator("#status-label").textContent());
        assertTrue(page.locator("#notice").textContent().contains("You withdrew your request"));
        assertEquals(0, page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Withdraw my request")).count(), "withdrawn is final");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("6-withdrawn.png")).setFullPage(true));
        assertEquals("WITHDRAWN", Claimants.status(receipt).getString("status"));
    }

    @Test
    void claimantAnswersAReviewersQuestionOnTheStatusPage() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        java.util.UUID messageId = java.util.UUID.fromString(io.restassured.RestAssured.given()
                .auth().oauth2(Tokens.shared().user("reviewer")).contentType(io.restassured.http.ContentType.JSON)
                .body("{\"kind\":\"INFORMATION_REQUEST\",\"text\":\"Which of your photos is it?\"}")
                .post("/api/v1/internal/requests/{id}/messages", receipt.id()).then().statusCode(201)
                .extract().path("messageId"));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new InformationRequested(java.util.UUID.randomUUID(), java.time.Instant.now(), receipt.id(),
                    java.util.UUID.randomUUID(), java.util.List.of("CLARIFY_TARGETS"), messageId));
        }
        Claimants.awaitStatus(receipt, "NEEDS_INFORMATION");

        openStatusPage(receipt);
        assertEquals("More information needed", page.locator("#status-label").textContent());
        assertTrue(page.locator("#question-message").textContent().contains("Which of your photos is it?"));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Send my answer")).click();
        assertTrue(page.locator("#answer-text-error").isVisible(), "an empty answer is refused next to the field");
        assertEquals("true", page.getByLabel("Your answer").getAttribute("aria-invalid"));

        page.getByLabel("Your answer").fill("The one with the lighthouse at dusk.");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("7-question.png")).setFullPage(true));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Send my answer")).click();
        assertEquals("Being reviewed by a person", page.locator("#status-label").textContent());
        assertTrue(page.locator("#notice").textContent().contains("We received your answer"));
        assertEquals("IN_REVIEW", Claimants.status(receipt).getString("status"));
    }

    private void openStatusPage(Claimants.Receipt receipt) {
        page.navigate(url("status/" + receipt.id()));
        page.getByLabel("Your access code").fill(receipt.token());
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Show my request")).click();
    }

    private String url(String path) {
        return base.toString().replaceFirst("/$", "") + "/" + path;
    }
}
