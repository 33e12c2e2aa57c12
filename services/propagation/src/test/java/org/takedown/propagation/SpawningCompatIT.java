package org.takedown.propagation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.takedown.propagation.Callers.asVendor;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.propagation.SpawningClient.Answer;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/** The Spawning-compatible check, called as Spawning's datadiligence package calls it. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class SpawningCompatIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PATH = "/api/v2/query/urls/";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    String key;
    String host;

    @BeforeEach
    void vendorWithKey() {
        key = RegistryFixtures.apiKeyOf(RegistryFixtures.vendor()).key();
        host = "opt-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    @Test
    void datadiligencesRequestGetsOneEntryPerUrlInOrderWithRemovedOnesOptedOut() throws Exception {
        approve(List.of(new RemovalItem("a", "https://" + host + "/a.jpg"), new RemovalItem("c", "https://" + host + "/c.jpg")));
        List<String> urls = List.of("https://" + host + "/a.jpg", "https://" + host + "/b.jpg",
                "HTTPS://" + host.toUpperCase() + ":443/c.jpg", "https://" + host + "/a.jpg?size=big");

        Answer answer = SpawningClient.submitChunk(RestAssured.port, PATH, key, urls);

        assertEquals(200, answer.status());
        assertEquals("application/json", answer.headers().get("content-type"));
        assertEquals(List.of(false, true, false, true), answer.allowed());
        assertEquals(urls, answer.urls().stream().map(u -> u.get("url").asText()).toList(), "each URL echoed exactly as sent");
        assertEquals(List.of(urls.get(1), urls.get(3)), answer.filterAllowed());
        assertEquals(List.of("url", "optOut"), fieldNames(answer));
    }

    @Test
    void thePathWithoutTheTrailingSlashAnswersTheSame() throws Exception {
        approve(List.of(new RemovalItem("a", "https://" + host + "/a.jpg")));
        List<String> urls = List.of("https://" + host + "/a.jpg", "https://" + host + "/b.jpg");
        assertEquals(List.of(false, true), SpawningClient.submitChunk(RestAssured.port, PATH, key, urls).allowed());
        assertEquals(List.of(false, true), SpawningClient.submitChunk(RestAssured.port, "/api/v2/query/urls", key, urls).allowed());
    }

    @Test
    void blankAndUnparseableLinesKeepTheirPlaceAndAreNotOptedOut() throws Exception {
        approve(List.of(new RemovalItem("a", "https://" + host + "/a.jpg")));
        List<String> urls = List.of("", "not a url", "https://" + host + "/a.jpg", "  https://" + host + "/a.jpg\t", "ftp://x/y",
                "https://" + host + "/caf\u00e9.jpg", "");

        Answer answer = SpawningClient.submitChunk(RestAssured.port, PATH, key, urls);

        assertEquals(List.of(true, true, false, false, true, true, true), answer.allowed());
        assertEquals(urls, answer.urls().stream().map(u -> u.get("url").asText()).toList(),
                "blank lines, padding and ISO-8859-1 characters are echoed as sent");
    }

    @Test
    void tenThousandUrlsAreAnsweredAndOneMoreIsRefusedAsTooLarge() throws Exception {
        List<String> urls = IntStream.range(0, 10_000).mapToObj(i -> "https://" + host + "/" + i + ".jpg").toList();
        assertEquals(10_000, SpawningClient.submitChunk(RestAssured.port, PATH, key, urls).urls().size());

        List<String> tooMany = new ArrayList<>(urls);
        tooMany.add("https://" + host + "/one-more.jpg");
        Answer refused = SpawningClient.submitChunk(RestAssured.port, PATH, key, tooMany);
        assertEquals(413, refused.status());
        assertEquals("application/problem+json", refused.headers().get("content-type"));
        assertEquals(413, refused.json().get("status").asInt());
        assertEquals(true, refused.json().get("detail").asText().contains("10000"), refused.json().toString());
    }

    @Test
    void aBodyOverTheByteLimitIsRefusedAsTooLargeWithAProblem() throws Exception {
        byte[] body = new byte[8 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) 'x'); // one long line: under the URL limit, over the byte limit
        Answer refused = SpawningClient.post(RestAssured.port, PATH, key, body);
        assertEquals(413, refused.status());
        assertEquals("application/problem+json", refused.headers().get("content-type"));
        assertEquals(true, refused.json().get("detail").asText().contains("bytes"), refused.json().toString());
    }

    /** Past Quarkus' own body limit (10 MiB) the HTTP layer refuses before the resource: no problem body, but no answer either. */
    @Test
    void aBodyOverTheServersOwnLimitIsNeverAnswered200() throws Exception {
        byte[] body = new byte[11 * 1024 * 1024];
        Arrays.fill(body, (byte) 'x');
        Answer refused;
        try {
            refused = SpawningClient.post(RestAssured.port, PATH, key, body);
        } catch (IOException closed) {
            return; // the connection closed while the body was still being sent: a failure to the client as well
        }
        assertEquals(413, refused.status());
    }

    @Test
    void anEmptyBodyIsAnEmptyAnswer() throws Exception {
        Answer answer = SpawningClient.post(RestAssured.port, PATH, key, new byte[0]);
        assertEquals(200, answer.status());
        assertEquals("{\"urls\":[]}", new String(answer.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aVendorsBearerTokenIsAcceptedToo() throws Exception {
        approve(List.of(new RemovalItem("a", "https://" + host + "/a.jpg")));
        asVendor().contentType("text/plain").body("https://" + host + "/a.jpg\nhttps://" + host + "/b.jpg").post(PATH)
                .then().statusCode(200).body("urls.optOut", equalTo(List.of(true, false)));
    }

    @Test
    void withoutCredentialsItIsAProblem() {
        RestAssured.given().contentType("text/plain").body("https://a.example/1.jpg").post(PATH)
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401))
                .body("detail", containsString("token"));
    }

    private static List<String> fieldNames(Answer answer) throws Exception {
        List<String> names = new ArrayList<>();
        answer.urls().get(0).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private void approve(List<RemovalItem> items) throws Exception {
        ReviewDecided decision = new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, ReviewOutcome.APPROVED, RegistryFixtures.uniqueId("spawning-ds"), "r-1", items, null);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe completed = new KafkaProbe(bootstrapServers, Topics.REQUESTS_COMPLETED)) {
            sender.send(decision);
            completed.awaitRecord(KafkaProbe.keyed(decision.requestId()), WAIT);
        }
    }
}
