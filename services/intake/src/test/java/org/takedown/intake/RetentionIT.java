package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.MatchesFound;
import org.takedown.testing.EventSender;
import org.takedown.intake.retention.RetentionJob;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * Retention, with the clock moved by rewriting timestamps in the database: unconfirmed requests
 * vanish after 72 hours; a closed request keeps only its pseudonymous status and timeline after 180 days.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class RetentionIT {

    @Inject
    EntityManager entityManager;

    @Inject
    RetentionJob retention;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anUnconfirmedRequestIsPurgedAfter72HoursAndAYoungerOneStays() {
        Claimants.Receipt old = Claimants.submitCopyright();
        Claimants.Receipt young = Claimants.submitCopyright();
        sql("UPDATE intake.takedown_request SET status = 'AWAITING_CONFIRMATION', created_at = now() - interval '73 hours' WHERE id = :id", old.id());
        sql("UPDATE intake.takedown_request SET status = 'AWAITING_CONFIRMATION', created_at = now() - interval '71 hours' WHERE id = :id", young.id());

        assertTrue(retention.purgeUnconfirmed() >= 1);

        assertEquals(0, count("SELECT count(*) FROM intake.takedown_request WHERE id = :id", old.id()));
        assertEquals(0, count("SELECT count(*) FROM intake.status_change WHERE request_id = :id", old.id()));
        assertEquals(0, count("SELECT count(*) FROM intake.claimant_mail WHERE request_id = :id", old.id()));
        assertEquals(1, count("SELECT count(*) FROM intake.takedown_request WHERE id = :id", young.id()));
    }

    @Test
    void aRequestClosedLongerThanTheRetentionPeriodKeepsOnlyItsPseudonymousRecord() {
        String email = "erase-" + UUID.randomUUID() + "@example.org";
        String request = """
                {"claimType":"LIKENESS","claimant":{"email":"%s","name":"Rita Retention"},"textQueries":["Rita R"],
                 "statements":{"noConsentStatement":true}}""".formatted(email);
        JsonPath filed = given().header("X-Forwarded-For", Claimants.randomAddress())
                .multiPart("request", "request.json", request.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("images", "me.jpg", TestImages.jpegWithExifLocation(), "image/jpeg")
                .post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
        Claimants.Receipt receipt = new Claimants.Receipt(UUID.fromString(filed.getString("id")), filed.getString("accessToken"));
        given().auth().oauth2(Tokens.shared().user("reviewer")).contentType(ContentType.JSON)
                .body("{\"kind\":\"DENIAL\",\"text\":\"Not found in the data set.\"}")
                .post("/api/v1/internal/requests/{id}/messages", receipt.id()).then().statusCode(201);
        Claimants.Receipt recent = Claimants.submitCopyright();

        sql("UPDATE intake.takedown_request SET status = 'DENIED', closed_at = now() - interval '181 days' WHERE id = :id", receipt.id());
        sql("UPDATE intake.takedown_request SET status = 'DENIED', closed_at = now() - interval '179 days' WHERE id = :id", recent.id());
        assertTrue(retention.eraseClosed() >= 1);

        assertEquals(0, count("SELECT count(*) FROM intake.evidence_image WHERE request_id = :id", receipt.id()));
        assertEquals(0, count("SELECT count(*) FROM intake.request_message WHERE request_id = :id", receipt.id()));
        assertEquals(0, count("SELECT count(*) FROM intake.request_target WHERE request_id = :id AND kind = 'TEXT_QUERY'", receipt.id()));
        assertEquals(0, count("SELECT count(*) FROM intake.takedown_request WHERE id = :id AND (email_sealed IS NOT NULL "
                + "OR name_sealed IS NOT NULL OR statements_sealed IS NOT NULL)", receipt.id()));
        assertEquals(0, count("SELECT count(*) FROM intake.claimant_mail WHERE request_id = :id AND (body_sealed IS NOT NULL "
                + "OR code_sealed IS NOT NULL)", receipt.id()));
        assertEquals(1, count("SELECT count(*) FROM intake.takedown_request WHERE id = :id AND email_sealed IS NOT NULL", recent.id()));

        JsonPath view = Claimants.status(receipt);
        assertEquals("DENIED", view.getString("status"));
        assertTrue(view.getBoolean("personalDataErased"));
        assertTrue(view.getList("timeline.note").contains("PERSONAL_DATA_ERASED"));
        String csrf = Claimants.csrfCookie();
        given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("token", receipt.token())
                .when().post("/status/{id}", receipt.id()).then().statusCode(200)
                .body(containsString("id=\"erased\""));
        JsonPath export = new JsonPath(exportJson(receipt));
        assertNull(export.get("contact.email"));
        assertEquals(0, export.getList("evidenceImages").size());
    }

    @Test
    void aRequestThatEndedWithNoMatchIsClosedAndErasedAfterTheRetentionPeriod() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), receipt.id(), ClaimType.COPYRIGHT, "laion-5b",
                    "2026-01", List.of(), 0));
        }
        Claimants.await(receipt, view -> "NO_MATCH".equals(view.getString("status")), "status NO_MATCH");
        assertEquals(1, count("SELECT count(*) FROM intake.takedown_request WHERE id = :id AND closed_at IS NOT NULL",
                receipt.id()), "NO_MATCH did not close the request");

        sql("UPDATE intake.takedown_request SET closed_at = now() - interval '181 days' WHERE id = :id", receipt.id());
        assertTrue(retention.eraseClosed() >= 1);

        assertEquals(0, count("SELECT count(*) FROM intake.takedown_request WHERE id = :id AND (email_sealed IS NOT NULL "
                + "OR statements_sealed IS NOT NULL)", receipt.id()));
        JsonPath view = Claimants.status(receipt);
        assertEquals("NO_MATCH", view.getString("status"));
        assertTrue(view.getBoolean("personalDataErased"));
    }

    private static String exportJson(Claimants.Receipt receipt) {
        byte[] zip = given().header("X-Claimant-Token", receipt.token()).header("X-Forwarded-For", Claimants.randomAddress())
                .when().get("/api/v1/requests/{id}/export", receipt.id()).then().statusCode(200).extract().asByteArray();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals("request.json")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no request.json in the export");
    }

    private void sql(String statement, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(statement).setParameter("id", id).executeUpdate());
    }

    private long count(String query, UUID id) {
        return ((Number) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(query)
                .setParameter("id", id).getSingleResult())).longValue();
    }
}
