package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.Topics;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * A claimant may name the data sets to be searched (issue 16): checked against matching's registry, kept with the
 * request, shown back, and carried in {@code requests.submitted}; naming none searches every ACTIVE release.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
@WithTestResource(FakeMatching.class)
class DatasetChoiceIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    @Test
    void theDataSetsNamedAreKeptShownAndCarriedToVerification() {
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_SUBMITTED)) {
            Claimants.Receipt receipt = Claimants.submit(copyright("[\"demo-b\", \" demo-a \", \"demo-b\"]"));
            // Each once, in the order named.
            assertEquals(List.of("demo-b", "demo-a"), Claimants.status(receipt).getList("targets.datasets"));
            RequestSubmitted submitted = EventCodec.read(
                    probe.awaitRecord(KafkaProbe.keyed(receipt.id()), Claimants.WAIT).value(), RequestSubmitted.class);
            assertEquals(List.of("demo-b", "demo-a"), submitted.datasets());

            Claimants.Receipt everywhere = Claimants.submitCopyright();
            assertEquals(List.of(), Claimants.status(everywhere).getList("targets.datasets"));
            assertEquals(List.of(), EventCodec.read(probe.awaitRecord(KafkaProbe.keyed(everywhere.id()), Claimants.WAIT)
                    .value(), RequestSubmitted.class).datasets());
        }
    }

    @Test
    void aDataSetTheRegistryDoesNotHaveIsRefusedAndNothingIsStored() {
        long before = requests();
        given().header("X-Forwarded-For", Claimants.randomAddress()).contentType(ContentType.JSON)
                .body(copyright("[\"demo-a\", \"laion-9b\"]")).when().post("/api/v1/requests")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("datasets"))
                .body("detail", containsString("laion-9b"));
        given().header("X-Forwarded-For", Claimants.randomAddress()).contentType(ContentType.JSON)
                .body(copyright("[\"../demo-a\"]")).when().post("/api/v1/requests")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("datasets[0]"));
        assertEquals(before, requests(), "a refused request leaves nothing behind");
    }

    @Test
    void theRegistryIsAskedOnceAMinuteNotForEveryRequest() {
        Claimants.submit(copyright("[\"demo-a\"]"));
        int calls = FakeMatching.CALLS.get();
        for (int i = 0; i < 3; i++) {
            Claimants.submit(copyright("[\"demo-a\"]"));
        }
        assertEquals(calls, FakeMatching.CALLS.get(), "the list is kept for a minute");
        assertTrue(calls >= 1);
    }

    private long requests() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM intake.takedown_request").getSingleResult()).longValue());
    }

    private static String copyright(String datasets) {
        return """
                {"claimType":"COPYRIGHT",
                 "claimant":{"email":"claimant-%s@example.org","name":"Jane Doe","country":"DE","actingFor":"SELF"},
                 "imageUrls":["https://images.example.org/cat-%s.jpg"],
                 "statements":{"work":"my painting of a cat"},
                 "datasets":%s}""".formatted(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), datasets);
    }
}
