package org.takedown.propagation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.takedown.propagation.Callers.asVendor;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.DecisionReversed;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Rules: an approved site opt-out removes its whole site (subdomains included) or URL prefix, not just its listed
 * items; both checks, the feed, the signed list and the notices carry the rule; a reversal takes it back.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class RemovalRulesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private String site;
    private String dataset;
    private String key;

    @BeforeEach
    void names() {
        site = "site-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        dataset = RegistryFixtures.uniqueId("rules");
        key = RegistryFixtures.apiKeyOf(RegistryFixtures.vendor()).key();
    }

    @Test
    void anApprovedSiteOptOutRemovesANewUrlOnASubdomainInBothChecks() throws Exception {
        ReviewDecided decision = optOut(List.of(site));
        approve(decision);
        String neverListed = "https://cdn.images." + site + "/2031/new-upload.jpg";

        await(() -> checked(neverListed), "the rule reaches the check");
        assertTrue(checkedJson(neverListed), "the JSON form of the check");
        assertEquals(List.of(true, false, true), compatible(neverListed, "https://evil-" + site + "/a.jpg",
                "HTTP://WWW." + site.toUpperCase() + ":80/x.jpg"));
    }

    @Test
    void aDomainThatMerelyEndsWithTheSameLettersIsNotRemoved() throws Exception {
        approve(optOut(List.of(site)));
        await(() -> checked("https://" + site + "/b.jpg"), "the rule reaches the check");

        assertFalse(checked("https://evil-" + site + "/a.jpg"));
        assertFalse(checked("https://" + site + ".evil.net/a.jpg"));
        assertEquals(List.of(false, false), compatible("https://evil-" + site + "/a.jpg", "https://x" + site + "/a.jpg"));
    }

    @Test
    void aPrefixRuleRemovesThePathBelowItAndNothingBeside() throws Exception {
        approve(optOut(List.of("https://" + site + "/photos/")));
        await(() -> checked("https://" + site + "/photos/2031/new.jpg"), "the rule reaches the check");

        assertTrue(checked("http://" + site + "/photos"));
        assertFalse(checked("https://" + site + "/photos2/new.jpg"));
        assertFalse(checked("https://" + site + "/other/new.jpg"));
        assertFalse(checked("https://www." + site + "/photos/new.jpg"));
        assertEquals(List.of(true, false), compatible("https://" + site + "/photos/a.jpg", "https://" + site + "/a.jpg"));
    }

    @Test
    void theFeedTheSignedListAndTheNoticeCarryTheRule() throws Exception {
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", dataset);
        approve(optOut(List.of(site, "https://" + site + "/photos/")));
        await(() -> checked("https://a." + site + "/x.jpg"), "the rule reaches the check");

        List<Map<String, Object>> entries = feedEntriesOf(site);
        assertEquals(Arrays.asList(null, "DOMAIN", "PREFIX"), entries.stream().map(e -> e.get("rule")).toList());
        assertEquals(List.of("https://www." + site + "/1.jpg", site, "https://" + site + "/photos/"),
                entries.stream().map(e -> e.get("url")).toList());

        String csv = new String(asVendor().queryParam("dataset", dataset).get("/api/v1/removals/export").then().statusCode(200)
                .extract().asByteArray(), StandardCharsets.UTF_8);
        List<String> lines = List.of(csv.split("\r\n"));
        assertEquals("item_id,url,removed_at,reversed,rule", lines.get(0));
        assertTrue(lines.get(2).startsWith("," + site + ",") && lines.get(2).endsWith(",false,DOMAIN"), lines.get(2));
        assertTrue(lines.get(3).endsWith(",false,PREFIX"), lines.get(3));

        await(() -> !VendorReceiverResource.to("ok/" + vendor.id()).isEmpty(), "the notice is delivered");
        JsonPath notice = JsonPath.from(VendorReceiverResource.to("ok/" + vendor.id()).get(0).body());
        assertEquals(List.of("DOMAIN", "PREFIX"), notice.getList("rules.kind"));
        assertEquals(List.of(site, "https://" + site + "/photos/"), notice.getList("rules.value"));
        assertEquals(1, notice.getList("items").size());
    }

    @Test
    void aReversalRemovesTheRule() throws Exception {
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", dataset);
        ReviewDecided decision = optOut(List.of(site));
        approve(decision);
        String neverListed = "https://new." + site + "/x.jpg";
        await(() -> checked(neverListed), "the rule reaches the check");
        await(() -> !VendorReceiverResource.to("ok/" + vendor.id()).isEmpty(), "the notice is delivered");

        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new DecisionReversed(UUID.randomUUID(), Instant.now(), decision.requestId(), decision.caseId(),
                    "REVIEW_ERROR", decision.approvedItems()));
        }
        await(() -> !checked(neverListed), "the reversal reaches the check");
        assertEquals(List.of(false), compatible(neverListed));

        List<Map<String, Object>> reversals = feedEntriesOf(site).stream().filter(e -> "REVERSAL".equals(e.get("kind"))).toList();
        assertEquals(List.of("DOMAIN"), reversals.stream().filter(e -> e.get("rule") != null).map(e -> e.get("rule")).toList());

        await(() -> VendorReceiverResource.to("ok/" + vendor.id()).size() == 2, "the reversal notice is delivered");
        JsonPath reversal = JsonPath.from(VendorReceiverResource.to("ok/" + vendor.id()).get(1).body());
        assertEquals("takedown.removal.reversed", reversal.getString("type"));
        assertEquals(List.of(site), reversal.getList("rules.value"));
    }

    private ReviewDecided optOut(List<String> scopes) {
        return new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(), ClaimType.SITE_OPT_OUT,
                ReviewOutcome.APPROVED, dataset, "r-1", List.of(new RemovalItem("s-1", "https://www." + site + "/1.jpg")), null,
                scopes);
    }

    private void approve(ReviewDecided decision) throws Exception {
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(decision);
        }
    }

    private static boolean checked(String url) {
        return JsonPath.from(asVendor().contentType("text/plain").body(url).post("/api/v1/check").then().statusCode(200)
                .extract().asString()).getBoolean("urls[0].removed");
    }

    private static boolean checkedJson(String url) {
        return asVendor().contentType("application/json").body(Map.of("urls", List.of(url))).post("/api/v1/check")
                .then().statusCode(200).extract().jsonPath().getBoolean("urls[0].removed");
    }

    private List<Boolean> compatible(String... urls) {
        return given().header("Authorization", "API " + key).contentType("text/plain").body(String.join("\n", urls))
                .post("/api/v2/query/urls/").then().statusCode(200).extract().jsonPath().getList("urls.optOut");
    }

    /** This test's entries of the whole feed, in order. */
    private List<Map<String, Object>> feedEntriesOf(String host) {
        List<Map<String, Object>> ours = new ArrayList<>();
        String after = null;
        while (true) {
            JsonPath page = JsonPath.from((after == null ? asVendor() : asVendor().queryParam("after", after))
                    .queryParam("limit", 1000).get("/api/v1/removals").then().statusCode(200).extract().asString());
            List<Map<String, Object>> entries = page.getList("removals");
            if (entries.isEmpty()) {
                return ours;
            }
            entries.stream().filter(e -> String.valueOf(e.get("url")).contains(host)).forEach(ours::add);
            after = page.getString("nextCursor");
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(100);
        }
    }
}
