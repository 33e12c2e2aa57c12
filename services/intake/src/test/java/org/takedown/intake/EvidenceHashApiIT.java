package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.takedown.events.Topics;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** {@code evidenceHashes} on {@code POST /api/v1/requests}: images hashed by the client, never uploaded (ADR 021). */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class EvidenceHashApiIT {

    private static final String HASH = "1f811b9d267fbc6693c0c7f30e041f9df49b836303e10f067fcdfc12c02d01f9";

    private final Tokens tokens = Tokens.shared();

    @Inject
    EntityManager entityManager;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void hashesAloneAreARequestThatMatchingReadsLikeImages() {
        String id = submit("""
                {"claimType":"GDPR_ERASURE","claimant":{"email":"hashes@example.org"},
                 "evidenceHashes":[{"pdq":"%s","quality":100},{"pdq":"%s","quality":42}]}"""
                .formatted(HASH.toUpperCase(), "0".repeat(63) + "1"))
                .statusCode(201).extract().path("id");

        ConsumerRecord<String, String> record;
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            record = probe.awaitRecord(KafkaProbe.keyed(id), Duration.ofSeconds(30));
        }
        assertTrue(record.value().contains("\"evidenceImageCount\":2"), record.value());
        assertTrue(!record.value().contains(HASH), "the hashes stay in intake: " + record.value());

        List<Map<String, Object>> hashes = given().auth().oauth2(tokens.service("matching"))
                .header("X-Takedown-Purpose", "matching test")
                .get("/api/v1/internal/requests/{id}/evidence/hashes", id)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of(Map.of("position", 0, "pdq", HASH, "quality", 100),
                        Map.of("position", 1, "pdq", "0".repeat(63) + "1", "quality", 42)),
                hashes.stream().map(h -> Map.of("position", h.get("position"), "pdq", h.get("pdq"),
                        "quality", h.get("quality"))).toList());
        assertEquals(0L, count("SELECT count(*) FROM intake.evidence_image WHERE request_id = '" + id + "'"));
    }

    @Test
    void theHashListIsNotPublic() {
        given().get("/api/v1/internal/requests/{id}/evidence/hashes", java.util.UUID.randomUUID()).then().statusCode(401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "63 hex digits | {\"pdq\":\"" + "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678" + "\",\"quality\":100} | evidenceHashes[0].pdq",
            "not hex | {\"pdq\":\"" + "g" + "bcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789" + "\",\"quality\":100} | evidenceHashes[0].pdq",
            "no hash | {\"quality\":100} | evidenceHashes[0].pdq",
            "quality above 100 | {\"pdq\":\"" + HASH + "\",\"quality\":101} | evidenceHashes[0].quality",
            "negative quality | {\"pdq\":\"" + HASH + "\",\"quality\":-1} | evidenceHashes[0].quality",
            "no quality | {\"pdq\":\"" + HASH + "\"} | evidenceHashes[0].quality"
    })
    void aBadHashIsAProblemNamingItAndWritesNothing(String name, String hash, String field) {
        long before = count("SELECT count(*) FROM intake.takedown_request");
        submit("""
                {"claimType":"GDPR_ERASURE","claimant":{"email":"bad-hash@example.org"},"evidenceHashes":[%s]}"""
                .formatted(hash))
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
        assertEquals(before, count("SELECT count(*) FROM intake.takedown_request"), "a refused request left rows behind");
        assertEquals(0L, count("SELECT count(*) FROM intake.evidence_hash h WHERE NOT EXISTS "
                + "(SELECT 1 FROM intake.takedown_request r WHERE r.id = h.request_id)"));
    }

    @Test
    void moreThanFiveHashesAreRefused() {
        String one = "{\"pdq\":\"" + HASH + "\",\"quality\":100}";
        submit("""
                {"claimType":"GDPR_ERASURE","claimant":{"email":"many@example.org"},"evidenceHashes":[%s]}"""
                .formatted(String.join(",", java.util.Collections.nCopies(6, one))))
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("evidenceHashes"));
    }

    private static ValidatableResponse submit(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/requests").then();
    }

    private long count(String sql) {
        return ((Number) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(sql)
                .getSingleResult())).longValue();
    }
}
