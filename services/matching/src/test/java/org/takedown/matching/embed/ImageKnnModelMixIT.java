package org.takedown.matching.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
import org.takedown.events.MatchesFound;
import org.takedown.events.RequestVerified;
import org.takedown.events.Topics;
import org.takedown.matching.demo.SyntheticImages;
import org.takedown.matching.match.MatchSignal;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The service's image encoder is another model than the one the release's vectors came from: IMAGE_KNN
 * is skipped, not compared (no candidate carries it), and the reason is in the match explanation.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
@WithTestResource(MixedModelFakeIntake.class)
class ImageKnnModelMixIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.rest-client.intake.url")
    String intake;

    @Inject
    EntityManager em;

    @Test
    void vectorsOfAnotherModelAreNotComparedAndTheMatchSaysWhy() throws Exception {
        UUID requestId = UUID.randomUUID();
        HttpResponse<Void> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(intake + "/test/requests/"
                        + requestId + "/evidence/" + UUID.randomUUID()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(SyntheticImages.png(SyntheticImages.picture(1, 640, 480)))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(204, put.statusCode());

        MatchesFound found;
        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe matches = new KafkaProbe(bootstrapServers, Topics.MATCHES_FOUND)) {
            sender.send(new RequestVerified(UUID.randomUUID(), Instant.now(), requestId, ClaimType.LIKENESS,
                    List.of(), List.of(), 0, 1, 0, List.of()));
            found = EventCodec.read(matches.awaitRecord(KafkaProbe.keyed(requestId), Duration.ofSeconds(60)).value(),
                    MatchesFound.class);
        }

        assertTrue(found.candidates().stream().noneMatch(c -> c.signals().contains("IMAGE_KNN")), found.toString());
        List<MatchSignal> notes = QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("select s from MatchSignal s where s.requestId = :r and s.itemId = ''", MatchSignal.class)
                .setParameter("r", requestId).getResultList());
        assertEquals(1, notes.size(), notes.toString());
        assertEquals("IMAGE_KNN", notes.get(0).signal);
        assertNull(notes.get(0).score);
        String why = notes.get(0).detail;
        assertTrue(why.contains(EmbeddingFakeIntake.MODEL_ID) && why.contains(MixedModelFakeIntake.QUERY_MODEL_ID)
                && why.contains("not comparable"), why);
    }
}
