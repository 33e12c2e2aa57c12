package org.takedown.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.EventCodec;
import org.takedown.events.RequestNeedsInformation;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestVerified;
import org.takedown.events.Topics;
import org.takedown.testing.EventSender;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.RealInfrastructureResource;

/** Verification as the broker sees it: events in, verdicts out, poison to the dead-letter topic. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "service", value = "verification"))
class VerificationFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void completeRequestIsVerifiedWithItsTargets() {
        RequestSubmitted submitted = submitted(ClaimType.COPYRIGHT, List.of("https://images.example.org/a.jpg"), List.of());

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED)) {
            sender.send(submitted);
            RequestVerified event = EventCodec.read(
                    verified.awaitRecord(KafkaProbe.keyed(submitted.requestId()), WAIT).value(), RequestVerified.class);
            assertEquals(submitted.imageUrls(), event.imageUrls());
            assertEquals(ClaimType.COPYRIGHT, event.claimType());
        }
    }

    @Test
    void siteOptOutWithoutDomainIsRejectedWithAReason() {
        RequestSubmitted submitted = submitted(ClaimType.SITE_OPT_OUT, List.of("https://images.example.org/a.jpg"), List.of());

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe rejected = new KafkaProbe(bootstrapServers, Topics.REQUESTS_REJECTED)) {
            sender.send(submitted);
            RequestRejected event = EventCodec.read(
                    rejected.awaitRecord(KafkaProbe.keyed(submitted.requestId()), WAIT).value(), RequestRejected.class);
            assertEquals("DOMAIN_REQUIRED", event.reasonCode());
        }
    }

    @Test
    void redeliveredEventIsVerifiedOnce() {
        RequestSubmitted submitted = submitted(ClaimType.GDPR_ERASURE, List.of("https://images.example.org/b.jpg"), List.of());
        RequestSubmitted marker = submitted(ClaimType.GDPR_ERASURE, List.of("https://images.example.org/c.jpg"), List.of());

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED);
                KafkaProbe deadLetters = new KafkaProbe(bootstrapServers, Topics.deadLetter(Topics.REQUESTS_SUBMITTED))) {
            // One partition; the marker may run in another lane, so the drain below gives the redelivery time to show.
            sender.send(submitted, 0);
            sender.send(submitted, 0);
            sender.send(marker, 0);
            verified.awaitRecord(KafkaProbe.keyed(marker.requestId()), WAIT);

            long verdicts = verified.drain(Duration.ofSeconds(2)).stream()
                    .filter(KafkaProbe.keyed(submitted.requestId())).count();
            assertEquals(1, verdicts, "a redelivered event was verified twice");
            assertTrue(deadLetters.drain(Duration.ofSeconds(1)).stream().noneMatch(KafkaProbe.keyed(submitted.requestId())),
                    "the redelivery was treated as a failure");
        }
    }

    @Test
    void poisonMessageGoesToTheDeadLetterTopicWithItsReasonAndDoesNotBlockThePartition() {
        String poisonKey = UUID.randomUUID().toString();
        RequestSubmitted after = submitted(ClaimType.LIKENESS, List.of("https://images.example.org/d.jpg"), List.of());

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe verified = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED);
                KafkaProbe deadLetters = new KafkaProbe(bootstrapServers, Topics.deadLetter(Topics.REQUESTS_SUBMITTED))) {
            sender.sendRaw(Topics.REQUESTS_SUBMITTED, 1, poisonKey, "{this is not an event");
            sender.send(after, 1);

            ConsumerRecord<String, String> dead = deadLetters.awaitRecord(KafkaProbe.keyed(poisonKey), WAIT);
            assertNotNull(KafkaProbe.header(dead, "dead-letter-reason"));
            assertTrue(KafkaProbe.header(dead, "dead-letter-reason").contains("RequestSubmitted"),
                    KafkaProbe.header(dead, "dead-letter-reason"));
            verified.awaitRecord(KafkaProbe.keyed(after.requestId()), WAIT);
        }
    }

    @Test
    void copyrightClaimMissingElementsNeedsInformationWithTheirNames() {
        RequestSubmitted submitted = new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                ClaimType.COPYRIGHT, "cr1_" + UUID.randomUUID(), List.of("https://images.example.org/e.jpg"), List.of(), 0, 0,
                List.of("identificationOfWork", "identificationOfMaterial", "contact", "goodFaithStatement"));

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe needsInformation = new KafkaProbe(bootstrapServers, Topics.REQUESTS_NEEDS_INFORMATION)) {
            sender.send(submitted);
            RequestNeedsInformation event = EventCodec.read(
                    needsInformation.awaitRecord(KafkaProbe.keyed(submitted.requestId()), WAIT).value(),
                    RequestNeedsInformation.class);
            assertEquals(List.of("accuracyUnderPenaltyOfPerjury", "signature"), event.missingElements());
            assertEquals(ClaimType.COPYRIGHT, event.claimType());
        }
    }

    @Test
    void aRequestSubmittedAgainWithTheMissingStatementsIsCheckedAgainAndVerified() {
        UUID requestId = UUID.randomUUID();
        String claimantRef = "cr1_" + UUID.randomUUID();
        List<String> urls = List.of("https://images.example.org/resubmitted.jpg");
        RequestSubmitted incomplete = new RequestSubmitted(UUID.randomUUID(), Instant.now(), requestId, ClaimType.LIKENESS,
                claimantRef, urls, List.of(), 0, 0, List.of("jurisdiction"));
        RequestSubmitted completed = new RequestSubmitted(UUID.randomUUID(), Instant.now(), requestId, ClaimType.LIKENESS,
                claimantRef, urls, List.of(), 0, 0, List.of("jurisdiction", "depictedPersonOrMandate", "noConsentStatement"));

        try (EventSender sender = new EventSender(bootstrapServers);
                KafkaProbe needsInformation = new KafkaProbe(bootstrapServers, Topics.REQUESTS_NEEDS_INFORMATION);
                KafkaProbe verdicts = new KafkaProbe(bootstrapServers,
                        List.of(Topics.REQUESTS_VERIFIED, Topics.REQUESTS_REJECTED))) {
            sender.send(incomplete);
            needsInformation.awaitRecord(KafkaProbe.keyed(requestId), WAIT);
            sender.send(completed);
            ConsumerRecord<String, String> verdict = verdicts.awaitRecord(KafkaProbe.keyed(requestId), WAIT);
            assertEquals(Topics.REQUESTS_VERIFIED, verdict.topic(), verdict.value());

            // Verified now: the same request submitted once more gets no second verdict.
            sender.send(new RequestSubmitted(UUID.randomUUID(), Instant.now(), requestId, ClaimType.LIKENESS, claimantRef,
                    urls, List.of(), 0, 0, completed.statementElements()));
            long more = verdicts.drain(Duration.ofSeconds(3)).stream().filter(KafkaProbe.keyed(requestId)).count();
            assertEquals(1, more, "a verified request was checked again");
        }
    }

    private static RequestSubmitted submitted(ClaimType type, List<String> urls, List<String> domains) {
        return new RequestSubmitted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), type, "cr1_" + UUID.randomUUID(),
                urls, domains, 0, 0);
    }
}
