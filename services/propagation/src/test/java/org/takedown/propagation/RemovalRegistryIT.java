package org.takedown.propagation;

import static org.takedown.propagation.Callers.asVendor;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class RemovalRegistryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theCheckAnswersWhichUrlsWereRemovedWhateverTheirSpelling() throws Exception {
        String host = "img-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        approve(List.of(new RemovalItem("a", "https://" + host + "/a.jpg"), new RemovalItem("b", "https://" + host + "/b.jpg")));

        String body = String.join("\n", "HTTPS://" + host.toUpperCase() + ":443/a.jpg", "https://" + host + "/kept.jpg",
                "not a url", "", "https://" + host + "/b.jpg#frag");
        JsonPath answer = JsonPath.from(asVendor().contentType("text/plain").body(body).post("/api/v1/check")
                .then().statusCode(200).extract().asString());
        assertEquals(4, answer.getInt("checked"));
        assertEquals(2, answer.getInt("removed"));
        assertEquals(List.of(true, false, false, true), answer.getList("urls.removed"));
        assertEquals("not a url", answer.getString("urls[2].url"));
    }

    @Test
    void aCheckOfMoreThanTenThousandUrlsOrNoneIsABadRequest() {
        String tooMany = IntStream.rangeClosed(1, 10_001).mapToObj(i -> "https://x.example/" + i + ".jpg")
                .collect(Collectors.joining("\n"));
        asVendor().contentType("text/plain").body(tooMany).post("/api/v1/check")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("10000"));
        asVendor().contentType("text/plain").body("\n\n").post("/api/v1/check")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void tenThousandUrlsAreCheckedInOneCall() {
        String many = IntStream.rangeClosed(1, 10_000).mapToObj(i -> "https://x.example/" + i + ".jpg")
                .collect(Collectors.joining("\n"));
        asVendor().contentType("text/plain").body(many).post("/api/v1/check")
                .then().statusCode(200).body("checked", equalTo(10_000));
    }

    @Test
    void theFeedListsEveryRemovalOnceInStrictOrderFromAnyCursor() throws Exception {
        String host = "feed-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        approve(List.of(new RemovalItem("1", "https://" + host + "/1.jpg"), new RemovalItem("2", "https://" + host + "/2.jpg")));
        approve(List.of(new RemovalItem("3", "https://" + host + "/3.jpg")));

        List<Long> cursors = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        String after = null;
        while (true) {
            JsonPath page = JsonPath.from((after == null ? asVendor() : asVendor().queryParam("after", after)).queryParam("limit", 2)
                    .get("/api/v1/removals").then().statusCode(200).extract().asString());
            List<String> pageCursors = page.getList("removals.cursor");
            if (pageCursors.isEmpty()) {
                assertEquals(after, page.getString("nextCursor"), "an empty page keeps the cursor");
                break;
            }
            pageCursors.forEach(c -> cursors.add(Long.parseLong(c)));
            page.<String>getList("removals.url").stream().filter(u -> u.contains(host)).forEach(ours::add);
            after = page.getString("nextCursor");
        }
        for (int i = 1; i < cursors.size(); i++) {
            assertTrue(cursors.get(i) > cursors.get(i - 1), "cursors must strictly increase: " + cursors);
        }
        assertEquals(List.of("https://" + host + "/1.jpg", "https://" + host + "/2.jpg", "https://" + host + "/3.jpg"), ours);

        String beforeLast = Long.toString(cursors.get(cursors.size() - 2));
        asVendor().queryParam("after", beforeLast).get("/api/v1/removals").then().statusCode(200)
                .body("removals.url", equalTo(List.of("https://" + host + "/3.jpg")));
        asVendor().queryParam("after", after).get("/api/v1/removals").then().statusCode(200).body("removals", empty());
    }

    @Test
    void aBadCursorIsABadRequest() {
        asVendor().queryParam("after", "yesterday").get("/api/v1/removals")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("after"));
    }

    private void approve(List<RemovalItem> items) throws Exception {
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, RegistryFixtures.uniqueId("removal-ds"), "r-1", items, null);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe completed = new KafkaProbe(bootstrapServers, Topics.REQUESTS_COMPLETED)) {
            sender.send(decision);
            completed.awaitRecord(KafkaProbe.keyed(decision.requestId()), WAIT);
        }
    }
}
