package org.takedown.verification.domain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.LegalClock;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestVerified;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;
import org.takedown.verification.check.VerificationService;
import org.takedown.verification.screening.RiskScorer;

/**
 * Site opt-outs end to end: the token is issued and shown over REST, a real local HTTP server plays
 * the claimant's site, and the verdict comes out on Kafka. The test profile closes the proof window
 * after 8 seconds and checks every second.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "service", value = "verification"))
@WithTestResource(ProofSiteResource.class)
class DomainProofIT {

    /** Intake reading the proofs for a claimant's status page, with its client-credentials token. */
    private static RequestSpecification asIntake() {
        return given().auth().oauth2(Tokens.shared().service("intake"));
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    FakeTxtResolver dns;

    HttpServer site;

    @Inject
    EntityManager entityManager;

    @Test
    void siteServingTheTokenFileIsVerified() {
        String domain = domain("ok");
        RequestSubmitted optOut = optOut(domain);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED)) {
            sender.send(optOut);
            JsonPath proof = awaitProof(optOut.requestId());
            assertEquals(domain, proof.getString("domain"));
            assertEquals("_takedown-verification." + domain, proof.getString("dnsRecord.name"));
            assertEquals("takedown-verification=" + proof.getString("token"), proof.getString("dnsRecord.value"));
            serve(domain, 200, proof.getString("wellKnownFile.content"), null);

            RequestVerified event = EventCodec.read(verified.awaitRecord(KafkaProbe.keyed(optOut.requestId()), WAIT).value(),
                    RequestVerified.class);
            assertTrue(event.flags().contains(RiskScorer.DOMAIN_CONTROL_PROVEN), event.flags().toString());
            asIntake().get("/api/v1/requests/{id}/domain-proofs", optOut.requestId()).then().statusCode(200)
                    .body("proofs[0].status", equalTo("PROVEN"))
                    .body("proofs[0].provenBy", equalTo("HTTP_FILE"));
        }
    }

    @Test
    void theWaitForTheProofStopsTheLegalClockAndTravelsWithTheVerifiedRequest() {
        String domain = domain("clock");
        Instant received = Instant.now().minus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        RequestSubmitted optOut = new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                ClaimType.SITE_OPT_OUT, "cr1_" + UUID.randomUUID(), List.of(), List.of(domain), 0, 0, null, null,
                LegalClock.receivedAt(received));
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED)) {
            sender.send(optOut);
            JsonPath proof = awaitProof(optOut.requestId());
            // The claimant takes three days to publish the proof.
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                            "UPDATE verification.verification SET decided_at = decided_at - interval '3 days' WHERE request_id = :id")
                    .setParameter("id", optOut.requestId()).executeUpdate());
            serve(domain, 200, proof.getString("wellKnownFile.content"), null);

            LegalClock clock = EventCodec.read(verified.awaitRecord(KafkaProbe.keyed(optOut.requestId()), WAIT).value(),
                    RequestVerified.class).clock();
            assertEquals(received, clock.receivedAt());
            Duration paused = Duration.ofSeconds(clock.pausedSeconds());
            assertTrue(paused.compareTo(Duration.ofDays(3)) >= 0 && paused.compareTo(Duration.ofDays(3).plusMinutes(5)) < 0,
                    paused.toString());
        }
    }

    @Test
    void dnsTxtRecordWithTheTokenProvesControl() {
        String domain = domain("dns");
        RequestSubmitted optOut = optOut(domain);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED)) {
            sender.send(optOut);
            JsonPath proof = awaitProof(optOut.requestId());
            dns.publish(proof.getString("dnsRecord.name"), proof.getString("dnsRecord.value"));

            verified.awaitRecord(KafkaProbe.keyed(optOut.requestId()), WAIT);
            asIntake().get("/api/v1/requests/{id}/domain-proofs", optOut.requestId()).then().statusCode(200)
                    .body("proofs[0].provenBy", equalTo("DNS_TXT"));
        }
    }

    @Test
    void wrongTokenIsNotProofAndTheRequestIsRejectedWhenTheWindowCloses() {
        String domain = domain("wrong");
        RequestSubmitted other = optOut(domain("other"));
        RequestSubmitted optOut = optOut(domain);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe rejected = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED)) {
            sender.send(other);
            sender.send(optOut);
            String othersToken = awaitProof(other.requestId()).getString("token");
            JsonPath proof = awaitProof(optOut.requestId());
            // The token of another request, in the file and in DNS.
            serve(domain, 200, othersToken + "\n", null);
            dns.publish(proof.getString("dnsRecord.name"), "takedown-verification=" + othersToken);

            RequestRejected event = EventCodec.read(rejected.awaitRecord(KafkaProbe.keyed(optOut.requestId()), WAIT).value(),
                    RequestRejected.class);
            assertEquals(VerificationService.DOMAIN_CONTROL_NOT_PROVEN, event.reasonCode());
            assertTrue(verified.drain(Duration.ofMillis(500)).stream().noneMatch(KafkaProbe.keyed(optOut.requestId())));
            JsonPath view = asIntake().get("/api/v1/requests/{id}/domain-proofs", optOut.requestId()).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals("EXPIRED", view.getString("proofs[0].status"));
            List<String> results = view.getList("proofs[0].checks.result");
            assertTrue(results.contains("TOKEN_MISMATCH"), results.toString());
            assertTrue(view.getList("proofs[0].checks.method").containsAll(List.of("HTTP_FILE", "DNS_TXT")));
        }
    }

    @Test
    void wellKnownFileRedirectingToAnotherHostIsRefused() {
        String domain = domain("redirect");
        RequestSubmitted optOut = optOut(domain);
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe rejected = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            sender.send(optOut);
            JsonPath proof = awaitProof(optOut.requestId());
            // Same server, same token, another host name: the redirect alone must make the check fail.
            String elsewhere = "http://localhost:" + site.getAddress().getPort() + "/" + domain + "-copy/.well-known/takedown-verification.txt";
            serve(domain + "-copy", 200, proof.getString("wellKnownFile.content"), null);
            serve(domain, 302, "", elsewhere);

            RequestRejected event = EventCodec.read(rejected.awaitRecord(KafkaProbe.keyed(optOut.requestId()), WAIT).value(),
                    RequestRejected.class);
            assertEquals(VerificationService.DOMAIN_CONTROL_NOT_PROVEN, event.reasonCode());
            JsonPath view = asIntake().get("/api/v1/requests/{id}/domain-proofs", optOut.requestId()).then().extract().jsonPath();
            List<String> details = view.getList("proofs[0].checks.detail");
            assertTrue(view.getList("proofs[0].checks.result").contains("REDIRECT_TO_OTHER_HOST"), details.toString());
            assertTrue(details.stream().anyMatch(d -> d.contains("redirects to another host (localhost)")), details.toString());
        }
    }

    @Test
    void dnsTimeoutIsRecordedAsSuch() {
        String domain = domain("slowdns");
        RequestSubmitted optOut = optOut(domain);
        dns.timeOut("_takedown-verification." + domain);
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(optOut);
            awaitProof(optOut.requestId());
            awaitCheck(optOut.requestId(), "TIMEOUT");
        }
    }

    @Test
    void mixedScriptDomainIsRefusedWithAReason() {
        // "аpple.com" with a Cyrillic "а", as intake sends it: punycode.
        RequestSubmitted optOut = optOut(java.net.IDN.toASCII("\u0430pple-" + UUID.randomUUID().toString().substring(0, 8) + ".com"));
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe rejected = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            sender.send(optOut);
            assertEquals(DomainNames.DOMAIN_MIXED_SCRIPT, EventCodec.read(
                    rejected.awaitRecord(KafkaProbe.keyed(optOut.requestId()), WAIT).value(), RequestRejected.class).reasonCode());
        }
    }

    @Test
    void unknownRequestHasNoProofs() {
        asIntake().get("/api/v1/requests/{id}/domain-proofs", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void proofsAreForServicesReviewersAndAdminsOnly() {
        UUID id = UUID.randomUUID();
        given().get("/api/v1/requests/{id}/domain-proofs", id).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.shared().vendor("acme")).get("/api/v1/requests/{id}/domain-proofs", id).then().statusCode(403);
        given().auth().oauth2(Tokens.shared().user("reviewer")).get("/api/v1/requests/{id}/domain-proofs", id).then().statusCode(404);
    }

    @Test
    void malformedRequestIdIsABadRequest() {
        asIntake().get("/api/v1/requests/{id}/domain-proofs", "not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json");
    }

    private void serve(String domain, int status, String body, String location) {
        site.createContext("/" + domain + "/", (HttpExchange exchange) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
    }

    private static JsonPath awaitProof(UUID requestId) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            var response = asIntake().get("/api/v1/requests/{id}/domain-proofs", requestId);
            if (response.statusCode() == 200) {
                return new JsonPath(response.asString()).setRootPath("proofs[0]");
            }
            pause();
        }
        throw new AssertionError("no domain proof issued for " + requestId + " within " + WAIT);
    }

    private static void awaitCheck(UUID requestId, String result) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<String> results = asIntake().get("/api/v1/requests/{id}/domain-proofs", requestId).then().extract().jsonPath()
                    .getList("proofs[0].checks.result");
            if (results != null && results.contains(result)) {
                return;
            }
            pause();
        }
        throw new AssertionError("no " + result + " check recorded for " + requestId + " within " + WAIT);
    }

    /** Polling interval while waiting for the service, not an assertion. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String domain(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + ".proof.example";
    }

    private static RequestSubmitted optOut(String domain) {
        return new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), ClaimType.SITE_OPT_OUT,
                "cr1_" + UUID.randomUUID(), List.of(), List.of(domain), 0, 0);
    }
}
