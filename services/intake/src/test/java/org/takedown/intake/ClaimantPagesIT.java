package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/** The claimant pages over plain HTTP: form protection, errors next to their fields, receipt and status. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class ClaimantPagesIT {

    private static final Pattern TOKEN = Pattern.compile("id=\"access-token\" class=\"token\">([A-Za-z0-9_-]+)<");
    private static final Pattern REQUEST_ID = Pattern.compile("id=\"request-id\">([0-9a-f-]{36})<");

    @Inject
    EntityManager entityManager;

    @Test
    void formIsAnAccessiblePageWithACsrfCookieMatchingItsHiddenField() {
        Response form = given().when().get("/submit");
        form.then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("<label for=\"f-email\">"))
                .header("Content-Security-Policy", containsString("script-src 'self';"));
        // Scripts only from our own files (progressive enhancement, ADR 021/025), never inline, so the form works without them.
        Matcher script = Pattern.compile("<script[^>]*>(.*?)</script>", Pattern.DOTALL).matcher(form.asString());
        int scripts = 0;
        while (script.find()) {
            scripts++;
            assertTrue(script.group().matches("<script type=\"module\" src=\"/js/[a-z-]+\\.js\"></script>"), script.group());
        }
        assertTrue(scripts > 0, "the form hashes on the device with /js/device-hash.js");
        String cookie = form.cookie("takedown-csrf");
        assertNotNull(cookie);
        assertTrue(form.asString().contains("name=\"csrf-token\" value=\"" + cookie + "\""));
    }

    @Test
    void postWithoutTheFormsCsrfTokenIsRefused() {
        long before = requestCount();
        given().cookie("takedown-csrf", "A".repeat(43))
                .multiPart("csrf-token", "B".repeat(43)).multiPart("claimType", "COPYRIGHT")
                .multiPart("email", "csrf@example.org").multiPart("imageUrls", "https://images.example.org/x.jpg")
                .when().post("/submit").then().statusCode(403);
        assertEquals(before, requestCount());
    }

    @Test
    void invalidValuesAreShownNextToTheirFieldsAndNothingIsStored() {
        String csrf = csrfCookie();
        long before = requestCount();
        String page = given().cookie("takedown-csrf", csrf).multiPart("csrf-token", csrf)
                .multiPart("claimType", "COPYRIGHT").multiPart("email", "not-an-email")
                .multiPart("imageUrls", "https://images.example.org/ok.jpg\njavascript:alert(1)")
                .when().post("/submit").then().statusCode(400).extract().asString();
        assertTrue(page.contains("id=\"f-email-error\""), page);
        assertTrue(page.contains("id=\"f-imageUrls-error\""), page);
        assertTrue(page.contains("line 2: must be an absolute http or https URL"), page);
        // What the claimant typed is kept, escaped.
        assertTrue(page.contains("javascript:alert(1)</textarea>"), page);
        assertEquals(before, requestCount());
    }

    @Test
    void receiptShowsTheTokenThatOpensTheStatusPage() {
        String csrf = csrfCookie();
        String receipt = given().cookie("takedown-csrf", csrf).multiPart("csrf-token", csrf)
                .multiPart("claimType", "SITE_OPT_OUT").multiPart("email", "site@example.org")
                .multiPart("actingFor", "SELF").multiPart("domains", "art.example.org")
                .multiPart("statements.SITE_OPT_OUT.authorityForSite", "I own it")
                .multiPart("statements.SITE_OPT_OUT.accuracyStatement", "on")
                .when().post("/submit").then().statusCode(201).header("Cache-Control", "no-store")
                .extract().asString();
        String id = find(REQUEST_ID, receipt);
        String token = find(TOKEN, receipt);

        given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", token)
                .when().post("/status/{id}", id).then().statusCode(200)
                .body(containsString("id=\"status-label\">Received<"))
                .body(containsString("Website: art.example.org"));
        given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", "wrong")
                .when().post("/status/{id}", id).then().statusCode(404)
                .body(containsString("We could not open the request"));
    }

    @Test
    void statusPageTellsWhenTooManyWrongCodesWereTried() {
        String csrf = csrfCookie();
        String address = TokenAccessIT.randomAddress();
        for (int i = 0; i < 10; i++) {
            given().cookie("takedown-csrf", csrf).header("X-Forwarded-For", address).formParam("csrf-token", csrf)
                    .formParam("token", "guess-" + i).when().post("/status/{id}", java.util.UUID.randomUUID())
                    .then().statusCode(404);
        }
        given().cookie("takedown-csrf", csrf).header("X-Forwarded-For", address).formParam("csrf-token", csrf)
                .formParam("token", "guess").when().post("/status/{id}", java.util.UUID.randomUUID())
                .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body(containsString("Too many wrong access codes"));
    }

    private long requestCount() {
        return ((Number) io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT count(*) FROM intake.takedown_request").getSingleResult())).longValue();
    }

    private static String csrfCookie() {
        return given().when().get("/submit").then().statusCode(200).extract().cookie("takedown-csrf");
    }

    private static String find(Pattern pattern, String page) {
        Matcher matcher = pattern.matcher(page);
        assertTrue(matcher.find(), "no " + pattern + " in " + page);
        return matcher.group(1);
    }
}
