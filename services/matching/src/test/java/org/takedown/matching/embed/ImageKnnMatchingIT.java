package org.takedown.matching.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.takedown.events.SignalScore;
import org.takedown.events.Topics;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.match.MatchSignal;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * A verified request whose evidence image has a resized, a mirrored and a cropped copy in a release
 * with image vectors: the service embeds the evidence with its configured ONNX encoder (the
 * generated test model) and finds every copy by IMAGE_KNN, explained with the similarity; an
 * unrelated image finds nothing.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
@WithTestResource(EmbeddingFakeIntake.class)
class ImageKnnMatchingIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.rest-client.intake.url")
    String intake;

    @Inject
    EntityManager em;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theResizedMirroredAndCroppedCopiesAreFoundByImageKnn() throws Exception {
        UUID requestId = UUID.randomUUID();
        putEvidence(requestId, SyntheticImages.png(SyntheticImages.picture(1, 640, 480)));

        MatchesFound found = match(requestId);

        assertEquals(EmbeddingFakeIntake.RELEASE, found.releaseId());
        assertEquals(List.of("copy-cropped", "copy-flipped", "copy-resized"),
                found.candidates().stream().map(MatchCandidate::itemId).sorted().toList());
        for (MatchCandidate candidate : found.candidates()) {
            assertTrue(candidate.signals().contains("IMAGE_KNN"), candidate.toString());
            SignalScore knn = candidate.scores().stream().filter(s -> s.signal().equals("IMAGE_KNN")).findFirst().orElseThrow();
            assertTrue(knn.score() >= 0.85 && knn.score() <= 1.0001, knn.toString());
            assertTrue(knn.detail().contains("cosine similarity") && knn.detail().contains(EmbeddingFakeIntake.MODEL_ID), knn.detail());
            assertTrue(candidate.confidence() >= 0.8 && candidate.confidence() <= 1.0, candidate.toString());
        }
        // PDQ only takes identical hashes here: of the hash-based signals none finds the JPEG'd, cropped copy (local
        // features, which do not compare whole-image hashes, may find it too).
        MatchCandidate cropped = found.candidates().stream().filter(c -> c.itemId().equals("copy-cropped")).findFirst().orElseThrow();
        assertTrue(cropped.signals().contains("IMAGE_KNN"), cropped.toString());
        assertTrue(cropped.signals().stream().noneMatch(s -> s.startsWith("PDQ")), cropped.toString());

        List<MatchSignal> why = QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("select s from MatchSignal s where s.requestId = :r and s.signal = 'IMAGE_KNN' order by s.itemId",
                        MatchSignal.class)
                .setParameter("r", requestId).getResultList());
        assertEquals(List.of("copy-cropped", "copy-flipped", "copy-resized"), why.stream().map(s -> s.itemId).toList());
    }

    @Test
    void anUnrelatedEvidenceImageFindsNothing() throws Exception {
        UUID requestId = UUID.randomUUID();
        putEvidence(requestId, SyntheticImages.png(SyntheticImages.picture(4242, 640, 480)));

        MatchesFound found = match(requestId);

        assertEquals(List.of(), found.candidates());
        assertEquals(0, found.totalCandidates());
    }

    private void putEvidence(UUID requestId, byte[] png) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(intake + "/test/requests/" + requestId
                + "/evidence/" + UUID.randomUUID())).PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(204, response.statusCode());
    }

    private MatchesFound match(UUID requestId) {
        RequestVerified verified = new RequestVerified(UUID.randomUUID(), Instant.now(), requestId, ClaimType.LIKENESS,
                List.of(), List.of(), 0, 1, 0, List.of());
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe matches = new KafkaProbe(bootstrapServers, Topics.MATCHES_FOUND)) {
            sender.send(verified);
            return EventCodec.read(matches.awaitRecord(KafkaProbe.keyed(requestId), Duration.ofSeconds(60)).value(),
                    MatchesFound.class);
        }
    }
}
