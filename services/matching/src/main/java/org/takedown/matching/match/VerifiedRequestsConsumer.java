package org.takedown.matching.match;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.RequestVerified;
import org.takedown.messaging.Inbox;

@ApplicationScoped
public class VerifiedRequestsConsumer {

    static final String CHANNEL = "requests-verified";

    private final Inbox inbox;
    private final MatchingService matching;

    VerifiedRequestsConsumer(Inbox inbox, MatchingService matching) {
        this.inbox = inbox;
        this.matching = matching;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onVerified(Message<String> message) {
        return inbox.consume(message, RequestVerified.class, matching::match);
    }
}
