package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.takedown.testing.HeadlessChromium;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The claimant's language (ADR 023) in a real headless Chromium with scripts off, and in real mail (GreenMail): a
 * browser that prefers German gets the German form, receipt and status page; the switch on the page changes the
 * language and keeps it; mails about the request go out in the language it was filed in.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
@WithTestResource(GreenMailResource.class)
class ClaimantLanguageBrowserIT {

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @TestHTTPResource("/")
    URL base;

    private BrowserContext german;

    @AfterEach
    void closeGermanBrowser() {
        if (german != null) {
            german.close();
        }
    }

    @Test
    void aGermanBrowserFilesInGermanAndHearsInGermanByMail() throws Exception {
        Page page = germanBrowser();
        String email = "deutsch-" + UUID.randomUUID() + "@example.org";

        page.navigate(url("submit"));
        assertEquals("de", page.getAttribute("html", "lang"));
        assertEquals("Die Entfernung Ihrer Bilder beantragen", page.locator("h1").textContent());
        page.getByLabel("Art des Antrags").selectOption(new SelectOption().setValue("SITE_OPT_OUT"));
        page.getByLabel("Ihre E-Mail-Adresse").fill(email);
        page.getByLabel("Websites oder Teile von Websites (freiwillig)").fill("deutsch.example.org");
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("de-1-form.png"))
                .setFullPage(true));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Antrag senden")).click();

        assertEquals("Wir haben Ihren Antrag erhalten", page.locator("h1").textContent(), page.content());
        String id = page.locator("#request-id").textContent();
        String token = page.locator("#access-token").textContent();
        page.locator("#status-link").click();
        page.getByLabel("Ihr Zugangscode").fill(token);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meinen Antrag zeigen")).click();
        assertEquals("Eingegangen", page.locator("#status-label").textContent());
        assertEquals("Wir haben Ihren Antrag erhalten und prüfen ihn.", page.locator("#status-explanation").textContent());
        String timeline = page.locator("#timeline").textContent();
        assertTrue(timeline.matches("(?s).*\\d{1,2}\\. \\p{L}+\\.? \\d{4}, \\d{2}:\\d{2} UTC.*"),
                "dates are written the German way (8. Dez. 2026): " + timeline);
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("de-2-status.png"))
                .setFullPage(true));

        MimeMessage confirmation = EmailNotificationsIT.awaitMail(email, "Bitte bestätigen Sie Ihre E-Mail-Adresse");
        String confirmationText = confirmation.getContent().toString();
        assertTrue(confirmationText.startsWith("Guten Tag,"), confirmationText);
        assertTrue(confirmationText.contains("innerhalb von 72 Stunden"), confirmationText);
        assertTrue(confirmationText.contains("/confirm/" + id + "?code="), confirmationText);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meinen Antrag zurückziehen")).click();
        assertEquals("Zurückgezogen", page.locator("#status-label").textContent());
        assertTrue(page.locator("#notice").textContent().startsWith("Sie haben Ihren Antrag zurückgezogen."));
        String withdrawn = EmailNotificationsIT.awaitMail(email, "Ihr Takedown-Antrag wurde zurückgezogen").getContent()
                .toString();
        assertTrue(withdrawn.contains("Sie haben diesen Antrag zurückgezogen."), withdrawn);
        assertTrue(withdrawn.contains("Antragsnummer: " + id), withdrawn);
        assertFalse(withdrawn.contains("Hello"), withdrawn);
    }

    @Test
    void theSwitchOnThePageChangesTheLanguageAndKeepsIt() {
        Page page = chromium.page(); // an English browser
        page.navigate(url("submit"));
        assertEquals("Ask for your images to be removed", page.locator("h1").textContent());

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Deutsch")).click();
        assertEquals("de", page.getAttribute("html", "lang"));
        assertEquals("Die Entfernung Ihrer Bilder beantragen", page.locator("h1").textContent());
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("de-3-switched.png")));

        page.navigate(url("status/" + UUID.randomUUID()));
        assertEquals("Ihren Antrag ansehen", page.locator("h1").textContent(), "the choice is remembered");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("English")).click();
        assertEquals("See your request", page.locator("h1").textContent());
        page.navigate(url("submit"));
        assertEquals("en", page.getAttribute("html", "lang"));
    }

    @Test
    void aGermanBrowserKeepsItsLanguageAfterAFailedLogin() {
        Page page = germanBrowser();
        Claimants.Receipt receipt = Claimants.submitCopyright();
        page.navigate(url("status/" + receipt.id()));
        page.getByLabel("Ihr Zugangscode").fill("not-the-code");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meinen Antrag zeigen")).click();
        assertTrue(page.locator("#token-error").textContent().startsWith("Wir konnten diesen Antrag nicht öffnen"),
                page.locator("#token-error").textContent());
    }

    @Test
    void theApiStoresTheLanguageOfAcceptLanguageForTheMails() throws Exception {
        String email = "api-deutsch-" + UUID.randomUUID() + "@example.org";
        String id = given().header("X-Forwarded-For", Claimants.randomAddress()).header("Accept-Language", "de-AT, en;q=0.5")
                .contentType(ContentType.JSON).body(Requests.copyright(email))
                .when().post("/api/v1/requests").then().statusCode(201).extract().path("id");

        String text = EmailNotificationsIT.awaitMail(email, "Bitte bestätigen Sie Ihre E-Mail-Adresse").getContent()
                .toString();
        assertTrue(text.contains("Antragsnummer: " + id), text);
    }

    private Page germanBrowser() {
        Browser browser = chromium.context().browser();
        german = browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false).setLocale("de-DE"));
        return german.newPage();
    }

    private String url(String path) {
        return base.toString().replaceFirst("/$", "") + "/" + path;
    }
}
