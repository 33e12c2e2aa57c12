package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.takedown.pdq.PdqHash;
import org.takedown.testing.HeadlessChromium;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The pre-filing search page (issue 20 part 2, ADR 025) in a real headless Chromium, against {@link FakeMatching}'s
 * search: with scripts, an image is hashed on the page and only its hash leaves it (no request carries the image's
 * bytes, every request goes to intake's own origin, and the hash intake passed on is the reference hash); without
 * scripts the caption search works and the image part says it needs scripts; ticking results and "Add to a new
 * request" opens the form with their URLs and data sets filled in, and that form files a request naming the data set.
 * Last: searches are limited per network (429 with Retry-After).
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
@WithTestResource(FakeMatching.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchPageBrowserIT {

    /** Meta's reference image and its PDQ hash (../shared/testdata/pdq/reference-hashes.tsv). */
    private static final String PEN = "pen-and-coaster.png";

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @TestHTTPResource("/")
    URL base;

    @Inject
    EntityManager entityManager;

    private record Sent(String method, String url, byte[] body) {
    }

    @Test
    @Order(1)
    void anImageIsHashedOnThePageAndOnlyItsHashLeavesIt() throws IOException {
        Path pen = PdqReferenceData.dir().resolve("images").resolve(referenceFile());
        byte[] image = Files.readAllBytes(pen);
        PdqHash reference = referenceHash();
        BrowserContext context = chromium.newContextWithJavaScript();
        try {
            Page page = context.newPage();
            List<Sent> sent = new ArrayList<>();
            page.onRequest(r -> sent.add(new Sent(r.method(), r.url(), r.postDataBuffer())));
            int searchesBefore = FakeMatching.SEARCHES.size();

            page.navigate(url("submit"));
            page.locator("#search-first").click();
            assertEquals("Search the data sets before you ask", page.locator("h1").textContent());
            assertFalse(page.locator("#image-needs-scripts").isVisible(), "with scripts the image part is offered");
            assertEquals(Boolean.TRUE, page.evalOnSelector("#search-image", "e => e.form === null"),
                    "the file input belongs to no form");
            page.getByLabel("Your image").setInputFiles(pen);
            page.getByLabel("a copy found by its hash").waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                    .setTimeout(120_000));
            page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("search-image.png"))
                    .setFullPage(true));

            byte[] probe = Arrays.copyOfRange(image, 0, Math.min(image.length, 4096));
            String origin = URI.create(base.toString()).resolve("/").toString();
            List<Sent> posts = sent.stream().filter(s -> s.body() != null).toList();
            assertEquals(1, posts.size(), "one request with a body: the hash search");
            assertEquals(origin + "search/hashes", posts.get(0).url());
            for (Sent s : sent) {
                assertTrue(s.url().startsWith(origin), "the page talks to its own origin only: " + s.url());
                assertFalse(s.body() != null && PdqReferenceData.contains(s.body(), probe), "a request carried the image's bytes: " + s.url());
            }
            JsonNode query = new ObjectMapper().readTree(posts.get(0).body());
            assertEquals(reference.toHex(), query.get("pdq").asText());
            assertEquals(100, query.get("quality").asInt());
            List<String> searches = FakeMatching.SEARCHES.subList(searchesBefore, FakeMatching.SEARCHES.size());
            assertEquals(1, searches.size(), searches.toString());
            assertTrue(searches.get(0).startsWith("POST /api/v1/search/hashes\n"), searches.get(0));
            assertEquals(reference.toHex(), new ObjectMapper().readTree(searches.get(0).split("\n", 2)[1]).get("pdq").asText());

            page.getByLabel("a copy found by its hash").check();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add to a new request")).click();
            assertEquals("Ask for your images to be removed", page.locator("h1").textContent());
            assertEquals(FakeMatching.HASH_HIT_URL, page.inputValue("#f-imageUrls"));
            assertEquals("demo-a", page.inputValue("#f-datasets"));
        } finally {
            context.close();
        }
    }

    @Test
    @Order(2)
    void withoutScriptsCaptionsAreSearchedAndTheTickedItemsFileARequest() {
        Page page = chromium.page();
        page.navigate(url("search"));
        assertTrue(page.locator("#image-needs-scripts").isVisible(), "without scripts the page says the image part needs them");
        assertFalse(page.locator("#image-search").isVisible());
        page.getByLabel("Words to look for in the captions").fill("cat sea");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search the captions")).click();
        assertTrue(FakeMatching.SEARCHES.stream().anyMatch(s -> s.startsWith("GET /api/v1/search/captions/active?q=cat")),
                FakeMatching.SEARCHES.toString());
        assertEquals("demo-b, release 2026-02", page.locator("fieldset.release legend").textContent());
        assertTrue(page.content().contains("2 more in this release"), page.content());
        page.getByLabel("a cat by the sea").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add to a new request")).click();
        assertEquals(FakeMatching.CAPTION_HIT_URL, page.inputValue("#f-imageUrls"));
        assertEquals("demo-b", page.inputValue("#f-datasets"));

        page.getByLabel("Kind of request").selectOption(new SelectOption().setValue("GDPR_ERASURE"));
        page.getByLabel("Your e-mail address").fill("search-first@example.org");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send my request")).click();
        assertEquals("We have your request", page.locator("h1").textContent(), page.content());
        UUID id = UUID.fromString(page.locator("#request-id").textContent().strip());
        Object datasets = entityManager.createNativeQuery("SELECT datasets FROM intake.takedown_request WHERE id = :id")
                .setParameter("id", id).getSingleResult();
        assertEquals("demo-b", datasets);
    }

    @Test
    @Order(3)
    void theGermanPageSpeaksGerman() {
        Page page = chromium.page();
        page.navigate(url("search?lang=de"));
        assertEquals("Die Datensätze vor dem Antrag durchsuchen", page.locator("h1").textContent());
        assertTrue(page.locator("#image-needs-scripts").textContent().startsWith("Die Suche mit einem Bild braucht Skripte"));
    }

    @Test
    @Order(4)
    void badHashesAreProblemsAndNothingIsAskedOfMatching() {
        int before = FakeMatching.SEARCHES.size();
        for (String body : List.of("{\"pdq\":\"abc\",\"quality\":100}", "{\"pdq\":\"" + "z".repeat(64) + "\",\"quality\":100}",
                "{\"pdq\":\"" + "a".repeat(64) + "\",\"quality\":101}", "{\"pdq\":\"" + "a".repeat(64) + "\"}")) {
            given().contentType(ContentType.JSON).body(body).post("/search/hashes").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"));
        }
        assertEquals(before, FakeMatching.SEARCHES.size());
    }

    @Test
    @Order(5)
    void whenMatchingRefusesOrFailsTheSearcherIsToldSoAndNothingElse() {
        try {
            FakeMatching.searchStatus = 429;
            Response busy = given().contentType(ContentType.JSON)
                    .body("{\"pdq\":\"" + referenceHash().toHex() + "\",\"quality\":100}").post("/search/hashes");
            busy.then().statusCode(429).contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("https://takedown.org/problems/too-many-searches"));
            assertEquals("7", busy.getHeader("Retry-After"));
            Page page = chromium.page();
            page.navigate(url("search?q=cat"));
            assertEquals("Too many searches from your network. Please wait a minute and try again.",
                    page.locator("#search-error").textContent());

            FakeMatching.searchStatus = 500;
            given().contentType(ContentType.JSON).body("{\"pdq\":\"" + referenceHash().toHex() + "\",\"quality\":100}")
                    .post("/search/hashes").then().statusCode(503).contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("https://takedown.org/problems/search-unavailable"));
            page.navigate(url("search?q=cat"));
            assertEquals("The search is not available right now. Please try again later.",
                    page.locator("#search-error").textContent());
            assertEquals("cat", page.inputValue("#search-q"), "the words stay in the field");
        } finally {
            FakeMatching.searchStatus = 0;
        }
    }

    @Test
    @Order(100)
    void tooManySearchesFromOneNetworkGet429WithRetryAfter() {
        String body = "{\"pdq\":\"" + referenceHash().toHex() + "\",\"quality\":100}";
        Response refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            Response r = given().contentType(ContentType.JSON).body(body).post("/search/hashes");
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                assertEquals(200, r.statusCode(), r.asString());
                assertEquals(FakeMatching.HASH_HIT_URL, r.jsonPath().getString("releases[0].items[0].url"));
            }
        }
        assertNotNull(refused, "the network's searches per minute ran out");
        refused.then().contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://takedown.org/problems/too-many-searches"));
        long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    private String url(String path) {
        return base.toString() + path;
    }

    private static String referenceFile() {
        return referenceRow()[0];
    }

    private static PdqHash referenceHash() {
        return PdqHash.parse(referenceRow()[1]);
    }

    private static String[] referenceRow() {
        try {
            return Files.readAllLines(PdqReferenceData.dir().resolve("reference-hashes.tsv"), StandardCharsets.UTF_8).stream()
                    .map(row -> row.split("\t")).filter(cells -> cells[0].endsWith("/" + PEN) || cells[0].equals(PEN))
                    .findFirst().orElseThrow(() -> new IllegalStateException(PEN + " is not in the reference"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


}
