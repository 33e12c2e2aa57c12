package org.takedown.matching.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Base64;
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
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.match.MatchSignal;
import org.takedown.matching.pdq.PdqImages;
import org.takedown.pdq.PdqResult;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * A verified request with evidence images: fetched from (a fake) intake with matching's own token,
 * its copies found by PDQ (resized, mirrored) and by the crop signal (cropped), each explained.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
@WithTestResource(FakeIntake.class)
class EvidenceMatchingIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.rest-client.intake.url")
    String intake;

    @Inject
    EntityManager em;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void evidenceFindsTheResizedMirroredAndCroppedCopiesAndNothingElseWithServiceToken() throws Exception {
        UUID requestId = UUID.randomUUID();
        putEvidence(requestId, SyntheticImages.png(SyntheticImages.picture(1, 640, 480)));

        MatchesFound found = match(requestId, 1);

        assertEquals(FakeIntake.DATASET, found.datasetId());
        assertEquals(List.of("copy-cropped", "copy-flipped", "copy-resized"),
                found.candidates().stream().map(MatchCandidate::itemId).sorted().toList());
        for (MatchCandidate candidate : found.candidates()) {
            assertEquals(List.of(candidate.itemId().equals("copy-cropped") ? "PDQ_CROP" : "PDQ"), candidate.signals());
            assertTrue(candidate.confidence() > 0.4 && candidate.confidence() <= 1.0, "confidence " + candidate.confidence());
            // The event explains the hit to the reviewer: the signal's own distance and what matched.
            assertEquals(1, candidate.scores().size(), candidate.toString());
            assertEquals(candidate.signals().get(0), candidate.scores().get(0).signal());
            assertTrue(candidate.scores().get(0).score() <= 31, candidate.toString());
            assertTrue(candidate.scores().get(0).detail() != null && !candidate.scores().get(0).detail().isBlank(), candidate.toString());
            // The item's own PDQ hash from the release, for review to pass on to vendors in RemovalItem.
            assertTrue(candidate.pdq() != null && candidate.pdq().matches("[0-9a-f]{64}"), candidate.toString());
        }
        List<MatchSignal> why = QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("select s from MatchSignal s where s.requestId = :r order by s.itemId", MatchSignal.class)
                .setParameter("r", requestId).getResultList());
        assertEquals(List.of("copy-cropped", "copy-flipped", "copy-resized"), why.stream().map(s -> s.itemId).toList());
        assertTrue(why.get(0).detail.contains("cropped views within 31 bits"), why.get(0).detail);
        assertTrue(why.get(1).detail.contains("flip"), why.get(1).detail);
        assertTrue(why.stream().allMatch(s -> s.score <= 31), "distances");

        String bearer = get("/test/authorizations").lines().reduce((a, b) -> b).orElseThrow();
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(bearer.substring("Bearer ".length()).split("\\.")[1]));
        assertEquals("takedown-matching", claims.path("azp").asText(), "the token is matching's own client-credentials token");
        assertTrue(get("/test/purposes").lines().allMatch(p -> p.startsWith("matching:")), "the purpose is stated");
    }

    @Test
    void evidenceStoredAsJpegIsAcceptedAndDecodedByContent() throws Exception {
        UUID requestId = UUID.randomUUID();
        putEvidence(requestId, SyntheticImages.jpeg(SyntheticImages.picture(1, 640, 480), 0.9f));

        MatchesFound found = match(requestId, 1);

        assertEquals(List.of("copy-cropped", "copy-flipped", "copy-resized"),
                found.candidates().stream().map(MatchCandidate::itemId).sorted().toList());
    }

    /**
     * Hashed on the claimant's device (ADR 021): no image reaches matching, only intake's list of hashes. The resized
     * copy is found by the hash alone; a hash below quality 50 is not searched (Meta's advice, as for images).
     */
    @Test
    void aHashMadeOnTheClaimantsDeviceFindsTheCopyWithoutAnyImage() throws Exception {
        UUID requestId = UUID.randomUUID();
        PdqResult pdq = PdqImages.hash(SyntheticImages.picture(1, 640, 480));
        putHashes(requestId, "[{\"position\":0,\"pdq\":\"" + pdq.hash().toHex() + "\",\"quality\":" + pdq.quality()
                + "},{\"position\":1,\"pdq\":\"" + pdq.hash().toHex() + "\",\"quality\":10}]");
        long imageReads = get("/test/purposes").lines().count();

        MatchesFound found = match(requestId, 2);

        assertTrue(found.candidates().stream().anyMatch(c -> c.itemId().equals("copy-resized")), found.candidates().toString());
        assertTrue(found.candidates().stream().noneMatch(c -> c.itemId().startsWith("unrelated")), found.candidates().toString());
        MatchCandidate resized = found.candidates().stream().filter(c -> c.itemId().equals("copy-resized")).findFirst().orElseThrow();
        assertEquals(List.of("PDQ"), resized.signals());
        assertTrue(resized.scores().get(0).detail().contains("hashed on the claimant's device"), resized.toString());
        // One listing of images (none) and one of hashes: no image bytes were asked for.
        assertEquals(imageReads + 2, get("/test/purposes").lines().count());
    }

    @Test
    void anUnrelatedEvidenceImageFindsNothing() throws Exception {
        UUID requestId = UUID.randomUUID();
        putEvidence(requestId, SyntheticImages.png(SyntheticImages.picture(4242, 640, 480)));

        MatchesFound found = match(requestId, 1);

        assertTrue(found.candidates().isEmpty(), found.candidates().toString());
        assertEquals(0, found.totalCandidates());
    }

    @Test
    void aRequestWithoutEvidenceDoesNotCallIntake() throws Exception {
        UUID requestId = UUID.randomUUID();
        long before = get("/test/authorizations").lines().count();

        MatchesFound found = match(requestId, 0);

        assertTrue(found.candidates().isEmpty());
        assertEquals(before, get("/test/authorizations").lines().count());
        assertFalse(found.truncated());
    }

    private void putEvidence(UUID requestId, byte[] png) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(intake + "/test/requests/" + requestId
                + "/evidence/" + UUID.randomUUID())).PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(204, response.statusCode());
    }

    private void putHashes(UUID requestId, String json) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(intake + "/test/requests/" + requestId
                + "/evidence-hashes")).PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(204, response.statusCode());
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(intake + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private MatchesFound match(UUID requestId, int evidenceImages) {
        RequestVerified verified = new RequestVerified(UUID.randomUUID(), Instant.now(), requestId, ClaimType.LIKENESS,
                List.of(), List.of(), 0, evidenceImages, 0, List.of());
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe matches = new KafkaProbe(bootstrapServers, Topics.MATCHES_FOUND)) {
            sender.send(verified);
            return EventCodec.read(matches.awaitRecord(KafkaProbe.keyed(requestId), Duration.ofSeconds(60)).value(),
                    MatchesFound.class);
        }
    }
}
