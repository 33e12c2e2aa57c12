package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.takedown.intake.retention.RetentionJob;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Retention keeps up however much is due: one run repeats its batches (one request per batch here)
 * until nothing is left, and what is overdue shows as {@code takedown_retention_overdue{kind}}.
 */
@QuarkusTest
@TestProfile(RetentionBacklogIT.OneRequestPerBatch.class)
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class RetentionBacklogIT {

    public static class OneRequestPerBatch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("takedown.intake.retention.batch-size", "1");
        }
    }

    @Inject
    RetentionJob retention;

    @Inject
    EntityManager entityManager;

    @Test
    void oneRunWorksThroughMoreThanABatchAndTheOverdueGaugeFallsToZero() {
        List<UUID> unconfirmed = new ArrayList<>();
        List<UUID> closed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID id = Claimants.submitCopyright().id();
            sql("UPDATE intake.takedown_request SET status = 'AWAITING_CONFIRMATION', created_at = now() - interval '80 hours'"
                    + " WHERE id = :id", id);
            unconfirmed.add(id);
            UUID done = Claimants.submitCopyright().id();
            sql("UPDATE intake.takedown_request SET status = 'DENIED', closed_at = now() - interval '200 days' WHERE id = :id", done);
            closed.add(done);
        }
        retention.refreshOverdue();
        assertTrue(retention.overdue("unconfirmed") >= 3, "overdue unconfirmed: " + retention.overdue("unconfirmed"));
        assertTrue(retention.overdue("closed") >= 3, "overdue closed: " + retention.overdue("closed"));
        assertTrue(metric("closed") >= 3);

        assertTrue(retention.run() >= 6);

        for (UUID id : unconfirmed) {
            assertEquals(0, count("SELECT count(*) FROM intake.takedown_request WHERE id = :id", id), "not purged: " + id);
        }
        for (UUID id : closed) {
            assertEquals(1, count("SELECT count(*) FROM intake.takedown_request WHERE id = :id"
                    + " AND personal_data_erased_at IS NOT NULL", id), "not erased: " + id);
        }
        assertEquals(0, retention.overdue("unconfirmed"));
        assertEquals(0, retention.overdue("closed"));
        assertEquals(0, metric("unconfirmed"));
    }

    private static double metric(String kind) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("takedown_retention_overdue\\{kind=\"" + kind + "\"} (\\S+)").matcher(metrics);
        assertTrue(m.find(), metrics.lines().filter(l -> l.startsWith("takedown_retention")).toList().toString());
        return Double.parseDouble(m.group(1));
    }

    private void sql(String statement, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(statement).setParameter("id", id).executeUpdate());
    }

    private long count(String query, UUID id) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) entityManager.createNativeQuery(query).setParameter("id", id).getSingleResult()).longValue());
    }
}
