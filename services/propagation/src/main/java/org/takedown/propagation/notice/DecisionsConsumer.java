package org.takedown.propagation.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.ReviewDecided;
import org.takedown.messaging.Inbox;
import org.takedown.propagation.pdq.Pdq;

@ApplicationScoped
public class DecisionsConsumer {

    static final String CHANNEL = "reviews-decided";

    private final Inbox inbox;
    private final PropagationService propagation;
    private final ObjectMapper json;

    DecisionsConsumer(Inbox inbox, PropagationService propagation, ObjectMapper json) {
        this.inbox = inbox;
        this.propagation = propagation;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onDecided(Message<String> message) {
        // The PDQ hashes of approved items ride along in the payload beyond the record's fields.
        return inbox.consume(message, ReviewDecided.class, d -> propagation.plan(d, Pdq.fromDecision(json, message.getPayload())));
    }
}
