package org.takedown.review.transparency;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.AppealFiled;
import org.takedown.events.DecisionReversed;
import org.takedown.events.InformationProvided;
import org.takedown.events.InformationRequested;
import org.takedown.events.MatchesFound;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.events.RequestReceived;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestVerified;
import org.takedown.events.RequestWithdrawn;
import org.takedown.events.ReviewDecided;
import org.takedown.events.TakedownEvent;
import org.takedown.events.Topics;
import org.takedown.messaging.Inbox;

/**
 * Feeds the transparency report (ADR 020) from every topic it counts, as a consumer group of its own
 * ({@code review-transparency}): the report can be rebuilt by replaying the topics into it without touching the
 * cases, and its inbox rows ({@code processed_event.consumer = review-transparency}) are its own, so events the case
 * consumers already applied still count here once.
 */
@ApplicationScoped
public class TransparencyConsumer {

    static final String CHANNEL = "transparency";
    /** The consumer group and the inbox's consumer name. */
    static final String CONSUMER = "review-transparency";

    private final Inbox inbox;
    private final Map<String, Door<?>> doors;

    TransparencyConsumer(Inbox inbox, TransparencyFacts facts) {
        this.inbox = inbox;
        this.doors = Map.ofEntries(
                door(Topics.REQUESTS_RECEIVED, RequestReceived.class, facts::received),
                door(Topics.REQUESTS_SUBMITTED, RequestSubmitted.class, facts::confirmed),
                door(Topics.REQUESTS_VERIFIED, RequestVerified.class, facts::verified),
                door(Topics.REQUESTS_REJECTED, RequestRejected.class, facts::rejected),
                door(Topics.MATCHES_FOUND, MatchesFound.class, facts::matched),
                door(Topics.REVIEWS_DECIDED, ReviewDecided.class, facts::decided),
                door(Topics.REVIEWS_INFORMATION_REQUESTED, InformationRequested.class, facts::paused),
                door(Topics.REQUESTS_INFORMATION_PROVIDED, InformationProvided.class, facts::resumed),
                door(Topics.REQUESTS_WITHDRAWN, RequestWithdrawn.class, facts::withdrawn),
                door(Topics.REQUESTS_APPEALED, AppealFiled.class, facts::appealed),
                door(Topics.REVIEWS_REVERSED, DecisionReversed.class, facts::reversed),
                door(Topics.NOTICES_DISPATCHED, NoticeDispatched.class, facts::dispatched),
                door(Topics.NOTICES_ACKNOWLEDGED, NoticeAcknowledged.class, facts::answered),
                door(Topics.REMOVALS_CARRIED_OVER, RemovalsCarriedOver.class, facts::carriedOver));
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> on(Message<String> message) {
        String topic = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic)
                .orElseThrow(() -> new IllegalStateException("a Kafka record without its topic"));
        Door<?> door = doors.get(topic);
        if (door == null) {
            throw new IllegalStateException("the transparency channel reads " + topic + ", which it has no door for");
        }
        return door.open(inbox, message);
    }

    private static <T extends TakedownEvent> Map.Entry<String, Door<?>> door(String topic, Class<T> type,
            Consumer<T> effect) {
        return Map.entry(topic, new Door<>(type, effect));
    }

    /** How the events of one topic are decoded and applied. */
    private record Door<T extends TakedownEvent>(Class<T> type, Consumer<T> effect) {

        CompletionStage<Void> open(Inbox inbox, Message<String> message) {
            return inbox.consumeAs(CONSUMER, message, type, effect);
        }
    }
}
