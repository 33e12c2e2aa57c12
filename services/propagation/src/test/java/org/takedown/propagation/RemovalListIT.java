package org.takedown.propagation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.takedown.propagation.Callers.asAdmin;
import static org.takedown.propagation.Callers.asVendor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** PDQ hashes in the check API and notices; the signed removal list per data set release. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class RemovalListIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void pdqHashesWithinTheDistanceOfARemovedItemAreRemovedAndNoticesCarryThem() throws Exception {
        String dataset = RegistryFixtures.uniqueId("ds");
        VendorFixtures.subscribe("acme", dataset);
        String hash = randomPdq();
        String url = "https://pdq-" + UUID.randomUUID().toString().substring(0, 8) + ".example/p.jpg";
        ReviewDecided decision = decision(dataset, "r-1", List.of(new RemovalItem("p", url)));
        sendWithPdq(decision, Map.of("p", hash));

        Map<String, Object> notice = VendorFixtures.awaitDelivered("acme", decision.requestId());
        assertEquals(hash, JsonPath.from(new ObjectMapper().writeValueAsString(notice)).getString("notice.items[0].pdq"));

        String near = flip(hash, 10);
        String far = flip(hash, 40);
        JsonPath answer = JsonPath.from(asVendor().contentType(ContentType.JSON)
                .body(Map.of("urls", List.of(url), "pdq", List.of(hash.toUpperCase(), near, far)))
                .post("/api/v1/check").then().statusCode(200).extract().asString());
        assertEquals(4, answer.getInt("checked"));
        assertEquals(3, answer.getInt("removed"));
        assertEquals(List.of(true), answer.getList("urls.removed"));
        assertEquals(List.of(true, true, false), answer.getList("pdq.removed"));
        assertEquals(List.of(0, 10), answer.getList("pdq.distance").subList(0, 2));

        asVendor().contentType(ContentType.JSON).body(Map.of("pdq", List.of(near), "maxDistance", 5)).post("/api/v1/check")
                .then().statusCode(200).body("pdq[0].removed", equalTo(false));
        asVendor().contentType("text/plain").body(url + "\npdq:" + near).post("/api/v1/check").then().statusCode(200)
                .body("urls[0].removed", equalTo(true)).body("pdq[0].removed", equalTo(true)).body("checked", equalTo(2));
        asVendor().contentType("text/plain").body(url).post("/api/v1/check").then().statusCode(200)
                .body("pdq", nullValue()).body("checked", equalTo(1));
    }

    @Test
    void badPdqInputIsABadRequest() {
        asVendor().contentType(ContentType.JSON).body(Map.of("pdq", List.of("abc"))).post("/api/v1/check")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("pdq[0]"));
        asVendor().contentType(ContentType.JSON).body(Map.of("pdq", List.of(randomPdq()), "maxDistance", 100))
                .post("/api/v1/check").then().statusCode(400).body("errors[0].field", equalTo("maxDistance"));
        asVendor().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/check").then().statusCode(400);
        asVendor().contentType("text/plain").body("pdq:xyz").post("/api/v1/check").then().statusCode(400);
    }

    @Test
    void theRemovalListOfAReleaseIsSignedAndTamperingBreaksTheSignature() throws Exception {
        String dataset = RegistryFixtures.uniqueId("list");
        String host = "list-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        approve(decision(dataset, "2026-11", List.of(new RemovalItem("i,1", "https://" + host + "/1.jpg"),
                new RemovalItem("i2", "https://" + host + "/2.jpg"))));
        approve(decision(dataset, "2027-01", List.of(new RemovalItem("i3", "https://" + host + "/3.jpg"))));

        byte[] csv = asVendor().queryParam("dataset", dataset).queryParam("release", "2026-11")
                .get("/api/v1/removals/export").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .extract().asByteArray();
        List<String> lines = List.of(new String(csv, StandardCharsets.UTF_8).split("\r\n"));
        assertEquals("item_id,url,removed_at,reversed,rule", lines.get(0));
        assertEquals(3, lines.size(), "the header and this release's two items: " + lines);
        assertTrue(lines.get(1).startsWith("\"i,1\",https://" + host + "/1.jpg,"), lines.get(1));
        assertTrue(lines.get(1).endsWith(",false,"), lines.get(1));

        byte[] signature = asAdmin().queryParam("dataset", dataset).queryParam("release", "2026-11")
                .get("/api/v1/removals/export.sig").then().statusCode(200).extract().asByteArray();
        assertEquals(64, signature.length, "a raw Ed25519 signature");
        String key = asVendor().get("/api/v1/removals/signing-key").then().statusCode(200)
                .body("algorithm", equalTo("Ed25519")).extract().path("publicKey");
        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key)));

        assertTrue(verify(publicKey, csv, signature), "the JDK accepts the signature of the list as served");
        byte[] tampered = csv.clone();
        tampered[tampered.length - 3] ^= 1; // "false" becomes "falre" or the like
        assertFalse(verify(publicKey, tampered, signature), "a changed list must not verify");

        byte[] all = asVendor().queryParam("dataset", dataset).get("/api/v1/removals/export").then().statusCode(200)
                .extract().asByteArray();
        assertEquals(4, new String(all, StandardCharsets.UTF_8).split("\r\n").length, "without release: every release");
        assertArrayEquals(csv, asVendor().queryParam("dataset", dataset).queryParam("release", "2026-11")
                .get("/api/v1/removals/export").then().extract().asByteArray(), "the same list twice: byte for byte");
    }

    @Test
    void theRemovalListNeedsADataSetAndTheRightRole() {
        asVendor().get("/api/v1/removals/export").then().statusCode(400).contentType("application/problem+json");
        String reviewer = Tokens.shared().user("reviewer");
        for (String path : List.of("/api/v1/removals/export?dataset=x", "/api/v1/removals/export.sig?dataset=x",
                "/api/v1/removals/signing-key")) {
            given().auth().oauth2(reviewer).get(path).then().statusCode(403);
            given().get(path).then().statusCode(401);
        }
        given().auth().oauth2(reviewer).contentType(ContentType.JSON).body(Map.of("pdq", List.of(randomPdq())))
                .post("/api/v1/check").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("pdq", List.of(randomPdq()))).post("/api/v1/check")
                .then().statusCode(401);
    }

    private static boolean verify(PublicKey key, byte[] content, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(content);
        return verifier.verify(signature);
    }

    private void approve(ReviewDecided decision) {
        try (var completed = new org.takedown.testing.KafkaProbe(bootstrapServers, Topics.REQUESTS_COMPLETED)) {
            VendorFixtures.send(bootstrapServers, decision);
            completed.awaitRecord(org.takedown.testing.KafkaProbe.keyed(decision.requestId()), VendorFixtures.WAIT);
        }
    }

    /** Sends the decision as review would once its items carry PDQ hashes: {@code approvedItems[].pdq}. */
    private void sendWithPdq(ReviewDecided decision, Map<String, String> pdqByItem) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode event = (ObjectNode) json.readTree(EventCodec.write(decision));
        event.withArray("approvedItems").forEach(item -> ((ObjectNode) item).put("pdq", pdqByItem.get(item.path("itemId").asText())));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.sendRaw(Topics.REVIEWS_DECIDED, null, decision.requestId().toString(), json.writeValueAsString(event));
        }
    }

    private static ReviewDecided decision(String dataset, String release, List<RemovalItem> items) {
        return new ReviewDecided(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(), ClaimType.COPYRIGHT,
                ReviewOutcome.APPROVED, dataset, release, items, null);
    }

    private static String randomPdq() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The hash with its first {@code bits} bits flipped. */
    private static String flip(String hash, int bits) {
        byte[] bytes = HexFormat.of().parseHex(hash);
        for (int i = 0; i < bits; i++) {
            bytes[i / 8] ^= (byte) (0x80 >>> (i % 8));
        }
        return HexFormat.of().formatHex(bytes);
    }
}
