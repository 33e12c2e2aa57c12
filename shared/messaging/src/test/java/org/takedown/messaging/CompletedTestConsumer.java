package org.takedown.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.RequestCompleted;
import org.takedown.events.RequestRejected;

/**
 * A consumer as the services write them: it applies each {@link RequestCompleted} through the
 * inbox and announces a {@link RequestRejected} with reason {@code FOLLOW_UP} through the outbox,
 * so tests can follow a trace from one event to the next. Payloads that are no event go to the
 * dead-letter topic.
 */
@ApplicationScoped
public class CompletedTestConsumer {

    static final String FOLLOW_UP = "FOLLOW_UP";

    private final Inbox inbox;
    private final Outbox outbox;

    CompletedTestConsumer(Inbox inbox, Outbox outbox) {
        this.inbox = inbox;
        this.outbox = outbox;
    }

    @Incoming("completed-test")
    public CompletionStage<Void> consume(Message<String> message) {
        return inbox.consume(message, RequestCompleted.class, e -> outbox.publish(
                new RequestRejected(UUID.randomUUID(), Instant.now(), e.requestId(), FOLLOW_UP)));
    }
}
