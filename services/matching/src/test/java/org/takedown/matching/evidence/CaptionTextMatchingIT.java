package org.takedown.matching.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.RequestVerified;
import org.takedown.events.Topics;
import org.takedown.matching.match.MatchSignal;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The caption text signal: a verified request's free-text queries (personal data, not in Kafka) are
 * fetched from (a fake) intake with matching's own token and searched by BM25 in the release's
 * captions; explanations name the query's position, never its text.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
@WithTestResource(FakeIntake.class)
class CaptionTextMatchingIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.rest-client.intake.url")
    String intake;

    @Inject
    EntityManager em;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aTextQueryFindsTheCaptionThatContainsItAndTheExplanationNamesOnlyItsPosition() throws Exception {
        UUID requestId = UUID.randomUUID();
        putTextQueries(requestId, "[{\"position\":0,\"text\":\"nothing like this anywhere\"},"
                + "{\"position\":1,\"text\":\"Cropped COPY\"}]");
        long purposesBefore = get("/test/purposes").lines().count();

        MatchesFound found = match(requestId, 2);

        assertEquals(List.of("copy-cropped"), found.candidates().stream().map(MatchCandidate::itemId).toList());
        MatchCandidate candidate = found.candidates().get(0);
        assertEquals(List.of("CAPTION_TEXT"), candidate.signals());
        assertEquals(1, candidate.scores().size());
        assertTrue(candidate.scores().get(0).score() > 0, "a BM25 score: " + candidate.scores().get(0));
        String detail = candidate.scores().get(0).detail();
        assertTrue(detail.startsWith("text query 1: BM25 "), detail);
        assertFalse(detail.toLowerCase().contains("cropped"), "no query text in the event: " + detail);
        assertEquals(1, found.totalCandidates());
        assertFalse(found.truncated());

        List<MatchSignal> why = QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("select s from MatchSignal s where s.requestId = :r", MatchSignal.class)
                .setParameter("r", requestId).getResultList());
        assertEquals(1, why.size());
        assertEquals("CAPTION_TEXT", why.get(0).signal);
        assertEquals(candidate.scores().get(0).score(), why.get(0).score, 1e-9);
        assertFalse(why.get(0).detail.toLowerCase().contains("cropped"), why.get(0).detail);

        List<String> purposes = get("/test/purposes").lines().skip(purposesBefore).toList();
        assertFalse(purposes.isEmpty());
        assertTrue(purposes.stream().allMatch(p -> p.startsWith("matching:")), purposes.toString());
    }

    @Test
    void aQueryThatHitsMoreItemsThanTheCapKeepsTheBestAndReportsTheTotal() throws Exception {
        UUID requestId = UUID.randomUUID();
        putTextQueries(requestId, "[{\"position\":0,\"text\":\"something else\"}]");

        MatchesFound found = match(requestId, 1);

        assertEquals(FakeIntake.CAPTION_MAX_HITS, found.candidates().size());
        assertEquals(20, found.totalCandidates(), "the 20 unrelated items all have this caption");
        assertTrue(found.truncated());
        assertTrue(found.candidates().stream().allMatch(c -> c.itemId().startsWith("unrelated-")));
        assertTrue(found.candidates().get(0).scores().get(0).detail().contains("best 5 of 20"),
                found.candidates().get(0).scores().get(0).detail());
    }

    @Test
    void aRequestIntakeNoLongerServes410FindsNothingButStillAnswers() throws Exception {
        UUID requestId = UUID.randomUUID();
        putTextQueries(requestId, "GONE");

        MatchesFound found = match(requestId, 1);

        assertTrue(found.candidates().isEmpty());
        assertEquals(0, found.totalCandidates());
    }

    private void putTextQueries(UUID requestId, String json) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(intake + "/test/requests/" + requestId
                + "/text-queries")).PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, response.statusCode());
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(intake + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private MatchesFound match(UUID requestId, int textQueries) {
        RequestVerified verified = new RequestVerified(UUID.randomUUID(), Instant.now(), requestId, ClaimType.LIKENESS,
                List.of(), List.of(), textQueries, 0, 0, List.of());
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe matches = new KafkaProbe(bootstrapServers, Topics.MATCHES_FOUND)) {
            sender.send(verified);
            return EventCodec.read(matches.awaitRecord(KafkaProbe.keyed(requestId), Duration.ofSeconds(60)).value(),
                    MatchesFound.class);
        }
    }
}
