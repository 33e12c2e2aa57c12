package org.takedown.review;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.LegalClock;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.review.console.FakeIntake;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The case deadline runs from receipt of the confirmed request, as the clock carried by {@code matches.found} says,
 * not from when the case opens: time spent in verification and matching counts, waits for the claimant do not.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
@WithTestResource(FakeIntake.class)
class LegalClockIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aRequestThatSpentTenDaysInVerificationHasTheMonthLessTenDaysLeftWhenItsCaseOpens() {
        Instant received = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        JsonPath c = openCase(LegalClock.receivedAt(received));

        Instant due = received.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
        assertEquals(received, Instant.parse(c.getString("receivedAt")));
        assertEquals(due, Instant.parse(c.getString("dueAt")));
        // 20 days in a 30-day month (as when this was written: received in late November), 21 in a 31-day one.
        long expected = received.atOffset(ZoneOffset.UTC).toLocalDate().lengthOfMonth() - 10;
        assertEquals(expected, c.getLong("daysLeft"));
    }

    @Test
    void aWaitForADomainProofCarriedInTheClockMovesTheCaseDeadline() {
        Instant received = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        LegalClock clock = LegalClock.receivedAt(received).withPause(received.plus(Duration.ofDays(1)),
                received.plus(Duration.ofDays(5)));

        JsonPath c = openCase(clock);

        assertEquals(received.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant().plus(Duration.ofDays(4)),
                Instant.parse(c.getString("dueAt")));
        assertEquals(received.atOffset(ZoneOffset.UTC).toLocalDate().lengthOfMonth() - 10 + 4, c.getLong("daysLeft"));
    }

    @Test
    void matchesWithoutAClockStartItWhenTheCaseOpens() {
        JsonPath c = openCase(null);

        Instant received = Instant.parse(c.getString("receivedAt"));
        assertEquals(Instant.parse(c.getString("openedAt")), received);
        assertEquals(received.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant(), Instant.parse(c.getString("dueAt")));
    }

    private JsonPath openCase(LegalClock clock) {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, ClaimType.GDPR_ERASURE, "clock", "2026-11",
                    List.of(new MatchCandidate("c-1", "https://c.example/1.jpg", "one", List.of("EXACT_URL"), 1.0)), 1, clock));
        }
        String caseId = Cases.awaitCase(requestId);
        return given().auth().oauth2(Tokens.shared().user("reviewer")).when().get("/api/v1/cases/{id}", caseId)
                .then().statusCode(200).extract().jsonPath();
    }
}
