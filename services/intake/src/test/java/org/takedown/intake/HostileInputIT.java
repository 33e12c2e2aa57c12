package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/** Input that used to end in a 500 gets a 4xx problem that says what to change. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class HostileInputIT {

    @Inject
    EntityManager entityManager;

    @Test
    void aSiteOptOutForADomainWithAnUnderscoreIsRefusedWithTheFieldNamed() {
        optOut("[\"example.org\", \"my_site.example.org\"]")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("domains[1]"))
                .body("errors[0].message", containsString("no underscores"));
    }

    @Test
    void aUrlPrefixWithAnUnderscoreHostOrAnIpAddressIsRefusedToo() {
        optOut("[\"https://art_gallery.example.org/paintings/\"]")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("domains[0]"));
        optOut("[\"203.0.113.7\"]")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("domains[0]"));
    }

    /**
     * A concurrent change is made deterministic with a trigger that lets this request's row not be
     * updated — to Hibernate exactly what a version bumped by another transaction looks like.
     */
    @Test
    void aChangeThatLosesARaceForTheSameRequestIsA409() {
        Claimants.Receipt receipt = Claimants.submitCopyright();
        String trigger = "lose_race_" + receipt.id().toString().replace("-", "");
        sql("CREATE FUNCTION intake." + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF OLD.id = '" + receipt.id() + "' THEN RETURN NULL; END IF; RETURN NEW; END $$");
        sql("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON intake.takedown_request FOR EACH ROW EXECUTE FUNCTION intake."
                + trigger + "()");
        try {
            given().header("X-Claimant-Token", receipt.token()).header("X-Forwarded-For", Claimants.randomAddress())
                    .when().post("/api/v1/requests/{id}/token/rotate", receipt.id())
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("https://takedown.org/problems/concurrent-change"))
                    .body("detail", containsString("Read the request again"));
        } finally {
            sql("DROP TRIGGER " + trigger + " ON intake.takedown_request");
            sql("DROP FUNCTION intake." + trigger + "()");
        }
        // Nothing of the lost change was kept: the old token still works.
        Claimants.status(receipt);
    }

    private static io.restassured.response.Response optOut(String domains) {
        String body = """
                {"claimType":"SITE_OPT_OUT",
                 "claimant":{"email":"site-%s@example.org","name":"Site Owner","country":"DE","actingFor":"SELF"},
                 "domains":%s}""".formatted(UUID.randomUUID(), domains);
        return given().header("X-Forwarded-For", Claimants.randomAddress()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/requests");
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(statement).executeUpdate());
    }
}
